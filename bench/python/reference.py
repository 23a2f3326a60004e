"""What the PyTorch references share: the training step and the timing the Java harness reads."""
import time


def train_step(model, optimizer, loss_fn, x, y):
    loss = loss_fn(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()


def report(epoch, rows, epochs):
    """Runs one untimed warm-up epoch, then `epochs` timed ones; prints `samples_per_second <value>`."""
    epoch()
    began = time.perf_counter()
    for _ in range(epochs):
        epoch()
    seconds = time.perf_counter() - began
    print(f"samples_per_second {rows * epochs / seconds:.1f}")
