package dev.kiln.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.run.StaleAttempt;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BookkeepingTest {
    @Test
    void workRunsOffTheCallingThreadInTheOrderItWasHandedOver() {
        List<String> done = new CopyOnWriteArrayList<>();
        String caller = Thread.currentThread().getName();
        try (var bookkeeping = new Bookkeeping("test-bookkeeping")) {
            for (int epoch = 1; epoch <= 5; epoch++) {
                int e = epoch;
                bookkeeping.submit(() -> done.add(e + " on " + Thread.currentThread().getName()));
            }
            bookkeeping.await();
        }
        assertThat(done).containsExactly("1 on test-bookkeeping", "2 on test-bookkeeping", "3 on test-bookkeeping",
                "4 on test-bookkeeping", "5 on test-bookkeeping");
        assertThat(caller).isNotEqualTo("test-bookkeeping");
    }

    @Test
    void theCallerGoesOnWhileWorkIsWrittenAndWaitsForItAtTheNextHandOver() throws InterruptedException {
        var release = new CountDownLatch(1);
        var second = new CountDownLatch(1);
        try (var bookkeeping = new Bookkeeping("test-bookkeeping")) {
            bookkeeping.submit(() -> await(release));
            // the caller is not held up by the work in flight …
            Thread handOver = new Thread(() -> bookkeeping.submit(second::countDown));
            handOver.start();
            // … but the next hand-over waits for it
            assertThat(second.await(200, TimeUnit.MILLISECONDS)).isFalse();
            release.countDown();
            handOver.join(5_000);
            assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aFailureOfTheWorkIsThrownOnTheTrainingThreadAtTheNextHandOver() {
        try (var bookkeeping = new Bookkeeping("test-bookkeeping")) {
            bookkeeping.submit(() -> {
                throw new StaleAttempt(java.util.UUID.randomUUID(), 1, 2);
            });
            assertThatThrownBy(() -> bookkeeping.submit(() -> { }))
                    .isInstanceOf(StaleAttempt.class).hasMessageContaining("may no longer update it");
        }
    }

    @Test
    void settlingAfterAnotherFailureSwallowsTheWorksOwnFailure() {
        var bookkeeping = new Bookkeeping("test-bookkeeping");
        bookkeeping.submit(() -> {
            throw new IllegalStateException("disk full");
        });
        bookkeeping.settle();
        bookkeeping.await(); // nothing left to wait for
        bookkeeping.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
