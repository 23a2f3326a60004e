package dev.kiln.djl;

import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Adam and AdamW as PyTorch's fused CPU/CUDA kernels ({@code torch._fused_adam_}, {@code _fused_adamw_}): one
 * vectorised pass over each parameter tensor, where DJL's native update makes eleven passes and five temporary
 * copies. DJL exposes no such call, but it runs TorchScript: the engine compiles the small module in
 * {@code optimizers.torchscript} (packed here into the archive format TorchScript loads) and one call of its
 * {@code adam} method per step reads every parameter's gradient, clips it as the optimizer asks, updates parameters
 * and moments, and zeroes the gradients. The lists of parameters, moments and the step counter are made once.
 *
 * <p>The update is Kiln's (Keras's) Adam: {@code w −= lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m / (√v + ε)}. PyTorch's kernel
 * places ε after the bias correction of v, {@code lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε′)}; the two are equal for
 * {@code ε′ = ε/√(1−β₂ᵗ)}, which each step passes.
 */
final class FusedAdam implements AutoCloseable {
    private final PtSymbolBlock module;
    private final IValue params;
    private final IValue firsts;
    private final IValue seconds;
    private final IValue steps;
    private final PtNDArray step;
    private int last;

    FusedAdam(List<PtNDArray> weights, List<PtNDArray> first, List<PtNDArray> second, PtNDManager manager) {
        try (InputStream archive = new ByteArrayInputStream(archive())) {
            this.module = JniUtils.loadModule(manager, archive, true, false);
        } catch (IOException e) {
            throw new UncheckedIOException("could not load the fused optimizer", e);
        }
        this.step = (PtNDArray) manager.zeros(new ai.djl.ndarray.types.Shape(), ai.djl.ndarray.types.DataType.FLOAT32,
                weights.get(0).getDevice());
        this.params = IValue.listFrom(weights.toArray(PtNDArray[]::new));
        this.firsts = IValue.listFrom(first.toArray(PtNDArray[]::new));
        this.seconds = IValue.listFrom(second.toArray(PtNDArray[]::new));
        this.steps = IValue.listFrom(java.util.Collections.nCopies(weights.size(), step).toArray(PtNDArray[]::new));
    }

    /**
     * Step {@code t} (1 for the first): clips (by value, then by global norm; a limit of 0 does not clip), updates
     * and zeroes the gradients.
     */
    void step(int t, float learningRate, double beta1, double beta2, double epsilon, double weightDecay,
              boolean decoupled, double clipValue, double clipNorm) {
        if (t == last + 1) {
            step.addi(1f); // in place: the list of steps holds this tensor
        } else {
            step.muli(0f).addi((float) t);
        }
        last = t;
        IValue[] scalars = {IValue.from((double) learningRate), IValue.from(beta1), IValue.from(beta2),
                IValue.from(weightDecay), IValue.from(epsilon / Math.sqrt(1 - Math.pow(beta2, t))),
                IValue.from(decoupled), IValue.from(clipValue), IValue.from(clipNorm)};
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (IValue done = IValueUtils.runMethod(module, "adam", params, firsts, seconds, steps, scalars[0],
                scalars[1], scalars[2], scalars[3], scalars[4], scalars[5], scalars[6], scalars[7])) {
            done.toLong();
        } finally {
            JniUtils.setGradMode(grad);
            for (IValue scalar : scalars) {
                scalar.close();
            }
        }
    }

    @Override
    public void close() {
        params.close();
        firsts.close();
        seconds.close();
        steps.close();
        module.close();
    }

    /** The module as a TorchScript archive: its code, the pickled module (one attribute) and no constants. */
    static byte[] archive() {
        try (InputStream code = FusedAdam.class.getResourceAsStream("optimizers.torchscript")) {
            byte[] source = code.readAllBytes();
            // pickle protocol 2: __torch__.Optimizers with {"training": True}; constants: an empty tuple
            byte[] data = concat(bytes(0x80, 0x02), ascii("c__torch__\nOptimizers\n"), bytes(0x71, 0x00, 0x29, 0x81,
                    0x7d, 0x58, 0x08, 0x00, 0x00, 0x00), ascii("training"), bytes(0x71, 0x01, 0x88, 0x73, 0x62, 0x71,
                    0x02, 0x2e));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                stored(zip, "optimizers/data.pkl", data);
                stored(zip, "optimizers/code/__torch__.py", source);
                stored(zip, "optimizers/constants.pkl", bytes(0x80, 0x02, 0x29, 0x2e));
                stored(zip, "optimizers/version", ascii("3\n"));
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        entry.setTime(315532800000L);
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
