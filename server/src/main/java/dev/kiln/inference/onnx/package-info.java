/**
 * ONNX export of trained runs: the network with its fitted preprocessing, written with the ONNX protobuf classes and
 * checked in the tests by ONNX Runtime against Kiln's own predictions.
 */
package dev.kiln.inference.onnx;
