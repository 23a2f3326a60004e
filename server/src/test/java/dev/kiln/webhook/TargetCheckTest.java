package dev.kiln.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetCheckTest {
    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:8080/hook        | loopback",
            "http://localhost/hook             | loopback",
            "http://[::1]/hook                 | loopback",
            "http://10.1.2.3/hook              | private",
            "http://172.16.0.1/hook            | private",
            "http://192.168.1.1/hook           | private",
            "http://169.254.169.254/latest     | link-local",
            "http://[fe80::1]/hook             | link-local",
            "http://[fd12:3456::1]/hook        | private",
            "http://100.64.0.1/hook            | private",
            "http://0.0.0.0/hook               | private",
            "http://224.0.0.1/hook             | private",
            "ftp://example.com/hook            | only http and https",
            "file:///etc/passwd                | only http and https",
            "gopher://example.com/             | only http and https",
            "http:///no-host                   | no host",
            "https://user:pw@example.com/hook  | credentials",
            "http://exa mple.com/              | not a URL",
            "http://no-such-host.invalid/hook  | does not resolve"})
    void privateLoopbackAndNonHttpTargetsAreRefused(String url, String reason) {
        assertThat(TargetCheck.refusal(url, false)).hasValueSatisfying(why -> assertThat(why).contains(
                reason.equals("loopback") || reason.equals("private") || reason.equals("link-local")
                        ? "private, loopback or link-local" : reason));
    }

    @ParameterizedTest(name = "{0} is allowed when private targets are")
    @CsvSource({"http://127.0.0.1:8080/hook", "http://10.1.2.3/hook", "https://[::1]/x"})
    void privateTargetsPassWhenAllowed(String url) {
        assertThat(TargetCheck.refusal(url, true)).isEmpty();
    }

    @ParameterizedTest(name = "{0} is public")
    @CsvSource({"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "100.128.0.1", "172.32.0.1"})
    void publicAddressesArePublic(String address) throws Exception {
        assertThat(TargetCheck.isPublic(java.net.InetAddress.getByName(address))).isTrue();
    }
}
