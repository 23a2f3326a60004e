package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.kiln.training.TrainingJob;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checkpoint files, version 2: the magic {@code KILNCKP2}; epochs completed, batches completed of the next
 * epoch, optimizer steps, that partial epoch's loss sum and rows (big-endian ints and a double); the learning-rate
 * schedule's and early stopping's state (each a count, −1 for none, and doubles); then one DJL NDList: every
 * parameter of the network in block order (running statistics included), the optimizer's state, and — mid-epoch
 * only — the partial epoch's outputs. Shuffling and dropout are seeded per epoch and batch, so nothing else is
 * needed to continue exactly where training stopped.
 */
final class Checkpoints {
    private static final byte[] MAGIC = "KILNCKP2".getBytes(StandardCharsets.US_ASCII);

    private Checkpoints() {}

    /** Where training stands, besides the arrays. */
    record Position(int epoch, int batch, int updates, double lossSum, int rows, double[] schedule, double[] stopping) {}

    /** What a checkpoint restores: the position and, mid-epoch, the outputs trained so far (in {@code scope}). */
    record Restored(Position position, NDArray partialOutputs) {}

    static void write(OutputStream raw, Position position, Block network, OptimizerStep optimizer,
                      NDArray partialOutputs) throws IOException {
        var out = new DataOutputStream(raw);
        out.write(MAGIC);
        out.writeInt(position.epoch());
        out.writeInt(position.batch());
        out.writeInt(position.updates());
        out.writeDouble(position.lossSum());
        out.writeInt(position.rows());
        writeDoubles(out, position.schedule());
        writeDoubles(out, position.stopping());
        NDList arrays = new NDList(parameters(network));
        arrays.addAll(optimizer.state());
        if (partialOutputs != null) {
            arrays.add(partialOutputs);
        }
        arrays.encode(out);
        out.flush();
    }

    /** A checkpoint of the parameters alone, at no position (a model file {@link #restoreParameters} reads). */
    static void writeParameters(OutputStream raw, Block network) throws IOException {
        var out = new DataOutputStream(raw);
        out.write(MAGIC);
        out.writeInt(0);
        out.writeInt(0);
        out.writeInt(0);
        out.writeDouble(0);
        out.writeInt(0);
        writeDoubles(out, new double[0]);
        writeDoubles(out, new double[0]);
        new NDList(parameters(network)).encode(out);
        out.flush();
    }

    /** The checkpoint's content as it is now, for writing later (while training goes on). */
    static dev.kiln.training.TrainingListener.CheckpointWriter snapshot(Position position, Block network,
                                                                       OptimizerStep optimizer) {
        var bytes = new java.io.ByteArrayOutputStream();
        try {
            write(bytes, position, network, optimizer, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        byte[] content = bytes.toByteArray();
        return out -> out.write(content);
    }

    static Restored restore(TrainingJob.CheckpointSource source, Block network, OptimizerStep optimizer,
                            NDManager scope) throws IOException {
        try (InputStream raw = source.open(); var in = new DataInputStream(new BufferedInputStream(raw))) {
            if (!Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)) {
                throw new IOException("not a Kiln checkpoint (version 2)");
            }
            var position = new Position(in.readInt(), in.readInt(), in.readInt(), in.readDouble(), in.readInt(),
                    readDoubles(in), readDoubles(in));
            NDList arrays = NDList.decode(scope, in);
            in.transferTo(OutputStream.nullOutputStream()); // to the end, so that the sha256 is verified
            List<NDArray> parameters = parameters(network);
            int expected = parameters.size() + optimizer.state().size() + (position.batch() > 0 ? 1 : 0);
            if (arrays.size() != expected) {
                throw new IOException("the checkpoint holds " + arrays.size() + " arrays, this network needs " + expected);
            }
            for (int i = 0; i < parameters.size(); i++) {
                arrays.get(i).copyTo(parameters.get(i));
            }
            optimizer.restore(arrays.subList(parameters.size(), parameters.size() + optimizer.state().size()),
                    position.updates());
            return new Restored(position, position.batch() > 0 ? arrays.get(arrays.size() - 1) : null);
        }
    }

    /** Reads only the parameters of a checkpoint into {@code network} (the best epoch's weights, say). */
    static void restoreParameters(TrainingJob.CheckpointSource source, Block network, NDManager scope)
            throws IOException {
        try (InputStream raw = source.open(); var in = new DataInputStream(new BufferedInputStream(raw))) {
            if (!Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)) {
                throw new IOException("not a Kiln checkpoint (version 2)");
            }
            in.readInt();
            in.readInt();
            in.readInt();
            in.readDouble();
            in.readInt();
            readDoubles(in);
            readDoubles(in);
            try (NDManager arrays = scope.newSubManager()) {
                NDList list = NDList.decode(arrays, in);
                in.transferTo(OutputStream.nullOutputStream());
                List<NDArray> parameters = parameters(network);
                if (list.size() < parameters.size()) {
                    throw new IOException("the checkpoint holds " + list.size() + " arrays, the network has "
                            + parameters.size() + " parameters");
                }
                for (int i = 0; i < parameters.size(); i++) {
                    if (!list.get(i).getShape().equals(parameters.get(i).getShape())) {
                        throw new IOException("parameter " + i + " has shape " + list.get(i).getShape()
                                + " in the checkpoint, " + parameters.get(i).getShape() + " in the network");
                    }
                    list.get(i).copyTo(parameters.get(i));
                }
            }
        }
    }

    private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values == null ? -1 : values.length);
        if (values != null) {
            for (double v : values) {
                out.writeDouble(v);
            }
        }
    }

    private static double[] readDoubles(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    static List<NDArray> parameters(Block network) {
        List<NDArray> arrays = new ArrayList<>();
        for (Pair<String, Parameter> parameter : network.getParameters()) {
            arrays.add(parameter.getValue().getArray());
        }
        return arrays;
    }
}
