"""Writes the Keras 3 model JSON Kiln's tests read, and prints the parameter counts Keras computes for them.

The Keras 3 files are the architectures of public Keras examples (see server/src/test/resources/keras/PROVENANCE.md),
built and serialized by Keras itself. Rerun: pip install keras torch (any Keras 3 with a backend), then
    KERAS_BACKEND=torch python3 bench/python/keras_models.py server/src/test/resources/keras
Only the architectures are written: no weights, nothing trained.
"""
import json
import sys
from pathlib import Path

import keras
from keras import layers


def mnist_convnet():
    # keras-io examples/vision/mnist_convnet.py (Apache-2.0): the "Simple MNIST convnet"
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ], name="mnist_convnet")


def toy_resnet():
    # keras-io guides/functional_api.py (Apache-2.0): "A toy ResNet model"
    inputs = keras.Input(shape=(32, 32, 3), name="img")
    x = layers.Conv2D(32, 3, activation="relu")(inputs)
    x = layers.Conv2D(64, 3, activation="relu")(x)
    block_1_output = layers.MaxPooling2D(3)(x)
    x = layers.Conv2D(64, 3, activation="relu", padding="same")(block_1_output)
    x = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
    block_2_output = layers.add([x, block_1_output])
    x = layers.Conv2D(64, 3, activation="relu", padding="same")(block_2_output)
    x = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
    block_3_output = layers.add([x, block_2_output])
    x = layers.Conv2D(64, 3, activation="relu")(block_3_output)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dense(256, activation="relu")(x)
    x = layers.Dropout(0.5)(x)
    outputs = layers.Dense(10)(x)
    return keras.Model(inputs, outputs, name="toy_resnet")


def residual_cnn(skips=True):
    # examples/models/residual-cnn.json (and plain-cnn.json without the skips), for Keras's counts
    inputs = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(16, 3, padding="same")(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    x = layers.MaxPooling2D(2)(x)
    for _ in range(2):
        y = layers.Conv2D(16, 3, padding="same")(x)
        y = layers.BatchNormalization()(y)
        y = layers.Activation("relu")(y)
        y = layers.Conv2D(16, 3, padding="same")(y)
        y = layers.BatchNormalization()(y)
        x = layers.Activation("relu")(layers.add([y, x]) if skips else y)
    x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, layers.Dense(10, activation="softmax")(x))


def wide_and_deep():
    # examples/models/wide-and-deep.json: ten raw features beside a two-layer branch over all thirty
    wide = keras.Input(shape=(10,), name="wide")
    deep = keras.Input(shape=(30,), name="deep")
    x = layers.Dense(32, activation="relu")(deep)
    x = layers.Dense(16, activation="relu")(x)
    joined = layers.concatenate([wide, x])
    return keras.Model([wide, deep], layers.Dense(1, activation="sigmoid")(joined))


def text_lstm():
    # the shape of keras-io's examples/nlp/bidirectional_lstm_imdb.py (Apache-2.0), one direction: ids → embedding
    # → LSTM → a sigmoid, as Kiln's text tests train it
    inputs = keras.Input(shape=(64,), dtype="int32", name="ids")
    x = layers.Embedding(10000, 32)(inputs)
    x = layers.LSTM(32, dropout=0.1)(x)
    return keras.Model(inputs, layers.Dense(1, activation="sigmoid")(x), name="text_lstm")


def text_gru():
    # a GRU over every position, max-pooled: Keras's default GRU (reset_after=True)
    return keras.Sequential([
        keras.Input(shape=(64,), dtype="int32"),
        layers.Embedding(5000, 16),
        layers.GRU(16, return_sequences=True),
        layers.GlobalMaxPooling1D(),
        layers.Dense(3, activation="softmax"),
    ], name="text_gru")


def main(out):
    out = Path(out)
    for name, model in [("keras3_mnist_convnet_sequential.json", mnist_convnet()),
                        ("keras3_toy_resnet_functional.json", toy_resnet()),
                        ("keras3_text_lstm_functional.json", text_lstm()),
                        ("keras3_text_gru_sequential.json", text_gru())]:
        (out / name).write_text(json.dumps(json.loads(model.to_json()), indent=1) + "\n")
        print(name, model.count_params())
    print("residual_cnn", residual_cnn().count_params(), "plain_cnn", residual_cnn(False).count_params())
    print("wide_and_deep", wide_and_deep().count_params())
    print("keras", keras.__version__, "backend", keras.backend.backend())


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
