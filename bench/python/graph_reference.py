"""Reference accuracies for the graph tests, with Keras (any backend) on the same data and hyperparameters.

Residual vs plain CNN (examples/models/residual-cnn.json, plain-cnn.json) on the committed Fashion-MNIST subset
(600 training, 200 test images), Adam 0.003, batch 32, 8 epochs; wide & deep vs a 64-unit MLP on the breast cancer
split, Adam 0.001, batch 32, 50 epochs, features standardized on the training file.
    KERAS_BACKEND=torch python3 bench/python/graph_reference.py [seeds]
"""
import gzip
import sys
from pathlib import Path

import keras
import numpy as np
from keras import layers

ROOT = Path(__file__).resolve().parents[2]


def idx(path):
    data = gzip.open(path).read()
    if data[2] == 8 and data[3] == 3:
        n, h, w = (int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(3))
        return np.frombuffer(data, np.uint8, offset=16).reshape(n, h, w, 1).astype("float32") / 255.0
    return np.frombuffer(data, np.uint8, offset=8).astype("int64")


def cnn(skips):
    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(16, 3, padding="same")(inputs)
    x = layers.BatchNormalization(momentum=0.9)(x)
    x = layers.Activation("relu")(x)
    x = layers.MaxPooling2D(2)(x)
    for _ in range(2):
        y = layers.Conv2D(16, 3, padding="same")(x)
        y = layers.BatchNormalization(momentum=0.9)(y)
        y = layers.Activation("relu")(y)
        y = layers.Conv2D(16, 3, padding="same")(y)
        y = layers.BatchNormalization(momentum=0.9)(y)
        x = layers.Activation("relu")(layers.add([y, x]) if skips else y)
    x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, layers.Dense(10, activation="softmax")(x))


def table(name):
    rows = np.genfromtxt(ROOT / "server/src/test/resources/data" / name, delimiter=",", skip_header=1)
    return rows[:, :-1], rows[:, -1]


def wide_and_deep():
    wide = keras.Input(shape=(10,))
    deep = keras.Input(shape=(30,))
    x = layers.Dense(32, activation="relu")(deep)
    x = layers.Dense(16, activation="relu")(x)
    return keras.Model([wide, deep], layers.Dense(1, activation="sigmoid")(layers.concatenate([wide, x])))


def main(seeds):
    subset = ROOT / "server/src/test/resources/fashion-mnist"
    x, y = idx(subset / "train-images-idx3-ubyte.gz"), idx(subset / "train-labels-idx1-ubyte.gz")
    tx, ty = idx(subset / "test-images-idx3-ubyte.gz"), idx(subset / "test-labels-idx1-ubyte.gz")
    fx, fy = table("breast_cancer_train.csv")
    gx, gy = table("breast_cancer_test.csv")
    mean, std = fx.mean(0), fx.std(0, ddof=1)
    fx, gx = (fx - mean) / std, (gx - mean) / std
    for seed in range(seeds):
        keras.utils.set_random_seed(seed)
        result = []
        for skips in (True, False):
            model = cnn(skips)
            model.compile(optimizer=keras.optimizers.Adam(0.003), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            model.fit(x, y, batch_size=32, epochs=8, verbose=0)
            result.append(model.evaluate(tx, ty, verbose=0)[1])
        model = wide_and_deep()
        model.compile(optimizer=keras.optimizers.Adam(0.001), loss="binary_crossentropy", metrics=["accuracy"])
        model.fit([fx[:, :10], fx], fy, batch_size=32, epochs=50, verbose=0)
        wide = model.evaluate([gx[:, :10], gx], gy, verbose=0)[1]
        mlp = keras.Sequential([keras.Input((30,)), layers.Dense(64, activation="relu"),
                                layers.Dense(1, activation="sigmoid")])
        mlp.compile(optimizer=keras.optimizers.Adam(0.001), loss="binary_crossentropy", metrics=["accuracy"])
        mlp.fit(fx, fy, batch_size=32, epochs=50, verbose=0)
        print("seed %d: residual %.4f plain %.4f | wide&deep %.4f mlp %.4f" % (
            seed, result[0], result[1], wide, mlp.evaluate(gx, gy, verbose=0)[1]))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
