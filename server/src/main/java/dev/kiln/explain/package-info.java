/**
 * What a trained model learned, explained: permutation importance per original column (a queued job per run and
 * dataset, kept) and integrated-gradients attributions per prediction — per column for tables (one-hot groups summed
 * back, text per token), per pixel for images, drawn as a heatmap. Gradients come from the engine through
 * {@link dev.kiln.inference.ModelRuntime.LoadedNetwork#gradients}; this package only does the arithmetic around them.
 */
@org.jspecify.annotations.NullMarked
package dev.kiln.explain;
