package dev.kiln.inference.quantize;

import dev.kiln.inference.ModelRuntime.Weights;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Post-training symmetric int8 quantization of a network's weights: each weight tensor (dense and convolution
 * kernels, embedding tables, recurrent and attention weights — every parameter of rank 2 or more) becomes int8 values
 * {@code q = round(w / s)} in [−127, 127] with a float scale {@code s = max|w| / 127} per output channel (axis 0:
 * a dense layer's unit, a convolution's filter, an embedding's row) or per tensor; biases and normalization
 * parameters stay float. Dequantized ({@code q · s}) the weights are what the quantized model computes with, in Kiln
 * and in ONNX ({@code DequantizeLinear}).
 */
public final class Int8 {
    private static final byte[] MAGIC = {'K', 'I', 'L', 'N', 'Q', '8', 0, 1};

    private Int8() {}

    /** How scales are shared. */
    public enum Scheme {
        PER_CHANNEL_SYMMETRIC("perChannelSymmetric"), PER_TENSOR_SYMMETRIC("perTensorSymmetric");

        private final String json;

        Scheme(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }

        /** The scheme of that name, or null. */
        public static Scheme of(String name) {
            for (Scheme scheme : values()) {
                if (scheme.json.equals(name)) {
                    return scheme;
                }
            }
            return null;
        }
    }

    /**
     * One parameter as the quantized model keeps it: int8 values with their scales (per channel along axis 0, or
     * one), or — for a parameter that is not quantized — its float values ({@code values} null).
     */
    public record Tensor(Weights original, byte[] values, float[] scales) {
        public boolean quantized() {
            return values != null;
        }

        /** The values the quantized model computes with. */
        public Weights dequantized() {
            if (!quantized()) {
                return original;
            }
            float[] out = new float[values.length];
            int per = values.length / scales.length;
            for (int i = 0; i < out.length; i++) {
                out[i] = values[i] * scales[i / per];
            }
            return new Weights(original.layer(), original.path(), original.shape(), out);
        }
    }

    /** Whether a parameter is a weight tensor that quantization covers (rank 2 or more). */
    static boolean quantizes(Weights w) {
        return w.shape().length >= 2;
    }

    public static List<Tensor> quantize(List<Weights> parameters, Scheme scheme) {
        List<Tensor> tensors = new ArrayList<>(parameters.size());
        for (Weights w : parameters) {
            tensors.add(quantizes(w) ? quantize(w, scheme) : new Tensor(w, null, null));
        }
        return tensors;
    }

    static Tensor quantize(Weights w, Scheme scheme) {
        int channels = scheme == Scheme.PER_CHANNEL_SYMMETRIC ? (int) w.shape()[0] : 1;
        float[] v = w.values();
        int per = v.length / channels;
        float[] scales = new float[channels];
        byte[] q = new byte[v.length];
        for (int c = 0; c < channels; c++) {
            float largest = 0;
            for (int i = c * per; i < (c + 1) * per; i++) {
                largest = Math.max(largest, Math.abs(v[i]));
            }
            float scale = largest == 0 ? 1f : largest / 127f;
            scales[c] = scale;
            for (int i = c * per; i < (c + 1) * per; i++) {
                q[i] = (byte) Math.max(-127, Math.min(127, Math.round(v[i] / scale)));
            }
        }
        return new Tensor(w, q, scales);
    }

    /**
     * The compressed artifact: {@code KILNQ8}, then per parameter its layer, path, shape and either int8 values with
     * their scales or float values — a byte per quantized weight.
     */
    public static void write(List<Tensor> tensors, OutputStream raw) throws IOException {
        var out = new DataOutputStream(raw);
        out.write(MAGIC);
        out.writeInt(tensors.size());
        for (Tensor t : tensors) {
            Weights w = t.original();
            out.writeInt(w.layer());
            out.writeUTF(w.path());
            out.writeByte(w.shape().length);
            for (long d : w.shape()) {
                out.writeLong(d);
            }
            out.writeBoolean(t.quantized());
            if (t.quantized()) {
                out.writeInt(t.scales().length);
                for (float s : t.scales()) {
                    out.writeFloat(s);
                }
                out.write(t.values());
            } else {
                for (float f : w.values()) {
                    out.writeFloat(f);
                }
            }
        }
        out.flush();
    }

    /** Reads what {@link #write} wrote. */
    public static List<Tensor> read(InputStream raw) throws IOException {
        var in = new DataInputStream(raw);
        if (!java.util.Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)) {
            throw new IOException("not a Kiln int8 artifact");
        }
        int count = in.readInt();
        List<Tensor> tensors = new ArrayList<>(count);
        for (int t = 0; t < count; t++) {
            int layer = in.readInt();
            String path = in.readUTF();
            long[] shape = new long[in.readByte()];
            long size = 1;
            for (int d = 0; d < shape.length; d++) {
                shape[d] = in.readLong();
                size *= shape[d];
            }
            if (in.readBoolean()) {
                float[] scales = new float[in.readInt()];
                for (int s = 0; s < scales.length; s++) {
                    scales[s] = in.readFloat();
                }
                byte[] values = in.readNBytes(Math.toIntExact(size));
                tensors.add(new Tensor(new Weights(layer, path, shape, null), values, scales));
            } else {
                float[] values = new float[Math.toIntExact(size)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.readFloat();
                }
                tensors.add(new Tensor(new Weights(layer, path, shape, values), null, null));
            }
        }
        return tensors;
    }
}
