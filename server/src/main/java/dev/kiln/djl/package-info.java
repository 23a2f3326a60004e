/**
 * The only package that imports {@code ai.djl}: model specs become DJL blocks, encoded rows become NDArrays,
 * and Kiln's own epoch loop trains them on the PyTorch engine ({@link DjlTrainingEngine}, the implementation
 * of the training module's port). NDArrays live in nested scopes — job, trainer, epoch, batch — and none is a
 * field or escapes a method.
 */
package dev.kiln.djl;
