"""The workloads compare_torch.py times: ``name(lib, device) -> step``, written once against
PyTorch's API so that ``lib`` is either tinytorch or torch. Each builds its model and data,
then returns a function that runs one step (forward, backward and, for training steps, the
optimizer update). Add a workload here and list it in CPU_WORKLOADS / CUDA_WORKLOADS.
"""


def tiny_graph(lib, device, n=10):
    """Per-op overhead: (a*b + c).sum().backward() on 10x10 tensors."""
    a, b, c = (lib.randn(n, n, device=device, requires_grad=True) for _ in range(3))

    def step():
        (a * b + c).sum().backward()
    return step


def large_graph(lib, device):
    """The same graph on 1000x1000 tensors: memory bandwidth."""
    return tiny_graph(lib, device, 1000)


def matmul_fwd_bwd(lib, device):
    """x @ w forward and backward, 128x784 @ 784x512."""
    x = lib.randn(128, 784, device=device)
    w = lib.randn(784, 512, device=device, requires_grad=True)

    def step():
        (x @ w).sum().backward()
    return step


def _train_step(lib, device, model, x_shape, batch, optimizer="SGD", lr=0.01, fill="rand"):
    """A classifier's step on one fixed batch: ``fill`` (rand or randn) inputs of ``x_shape``,
    10 classes, cross-entropy, ``lib.optim.<optimizer>``."""
    model = model.to(device)
    opt = getattr(lib.optim, optimizer)(model.parameters(), lr=lr)
    x = getattr(lib, fill)(batch, *x_shape, device=device)
    y = lib.randint(0, 10, (batch,), device=device)
    loss_fn = lib.nn.functional.cross_entropy

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    return step


def dense_step(lib, device):
    """The book's dense net A (784-10 sigmoid, 10-10), SGD, batch 100."""
    nn = lib.nn
    model = nn.Sequential(nn.Linear(784, 10), nn.Sigmoid(), nn.Linear(10, 10))
    return _train_step(lib, device, model, (784,), 100)


def mlp_step(lib, device):
    """MLP 784-512-10 with ReLU, SGD, batch 128."""
    nn = lib.nn
    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10))
    return _train_step(lib, device, model, (784,), 128)


def book_cnn(nn):
    """The book's CNN B: conv 32@5x5, pool, conv 64@5x5, pool, dense 10."""
    return nn.Sequential(
        nn.Conv2d(1, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(1024, 10))


def cnn_step(lib, device):
    """The book's CNN B, SGD, batch 100."""
    return _train_step(lib, device, book_cnn(lib.nn), (1, 28, 28), 100)


def mnist_script_step(lib, device, n=6400, batch=64):
    """One training step of PyTorch's own MNIST example (pytorch/examples mnist/main.py), as
    an ordinary script runs it: a shuffling DataLoader over the images, two 3x3 convs (32 and
    64), max-pool, dropout, Linear 9216-128-10, log_softmax + nll_loss, Adadelta(lr=1.0)."""
    nn, F = lib.nn, lib.nn.functional

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 32, 3, 1)
            self.conv2 = nn.Conv2d(32, 64, 3, 1)
            self.dropout1 = nn.Dropout(0.25)
            self.dropout2 = nn.Dropout(0.5)
            self.fc1 = nn.Linear(9216, 128)
            self.fc2 = nn.Linear(128, 10)

        def forward(self, x):
            x = F.relu(self.conv1(x))
            x = F.relu(self.conv2(x))
            x = F.max_pool2d(x, 2)
            x = self.dropout1(x)
            x = lib.flatten(x, 1)
            x = F.relu(self.fc1(x))
            x = self.dropout2(x)
            return F.log_softmax(self.fc2(x), dim=1)

    model = Net().to(device)
    model.train()
    opt = lib.optim.Adadelta(model.parameters(), lr=1.0)
    data = lib.utils.data.TensorDataset(lib.rand(n, 1, 28, 28), lib.randint(0, 10, (n,)))
    loader = lib.utils.data.DataLoader(data, batch_size=batch, shuffle=True)
    batches = iter(())

    def step():
        nonlocal batches
        try:
            x, y = next(batches)
        except StopIteration:
            batches = iter(loader)
            x, y = next(batches)
        x, y = x.to(device), y.to(device)
        opt.zero_grad()
        loss = F.nll_loss(model(x), y)
        loss.backward()
        opt.step()
    return step


def lstm_step(lib, device, batch=100, steps=28, features=28, hidden=128):
    """An LSTM reading 28x28 images as 28 steps of 28 features (hidden 128), a Linear head
    on the last step's output, cross-entropy, Adam; batch 100."""
    nn = lib.nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(features, hidden, batch_first=True)
            self.head = nn.Linear(hidden, 10)

        def forward(self, x):
            out, _ = self.lstm(x)
            return self.head(out[:, -1])

    return _train_step(lib, device, Net(), (steps, features), batch, "Adam", 1e-3)


def transformer_step(lib, device, batch=64, tokens=16, d_model=64, nhead=4):
    """One TransformerEncoderLayer (batch_first; PyTorch's other defaults: feed-forward 2048,
    dropout 0.1, ReLU, post-norm) on batch 64 of 16 tokens, d_model 64, 4 heads, then a
    mean-pool over tokens and a Linear head to 10 classes; cross-entropy, Adam."""
    nn = lib.nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.TransformerEncoderLayer(d_model, nhead, batch_first=True)
            self.head = nn.Linear(d_model, 10)

        def forward(self, x):
            return self.head(self.encoder(x).mean(1))

    return _train_step(lib, device, Net(), (tokens, d_model), batch, "Adam", 1e-3, "randn")


def vgg16_step(lib, device):
    """VGG16 on 224x224 RGB, batch 16 (GPU only)."""
    nn = lib.nn
    layers, c = [], 3
    for v in (64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M",
              512, 512, 512, "M"):
        if v == "M":
            layers.append(nn.MaxPool2d(2, 2))
        else:
            layers += [nn.Conv2d(c, v, 3, padding=1), nn.ReLU()]
            c = v
    model = nn.Sequential(*layers, nn.Flatten(), nn.Linear(25088, 4096), nn.ReLU(),
                          nn.Linear(4096, 4096), nn.ReLU(), nn.Linear(4096, 1000))
    return _train_step(lib, device, model, (3, 224, 224), 16)


CPU_WORKLOADS = ["tiny_graph", "large_graph", "matmul_fwd_bwd", "dense_step", "mlp_step",
                 "cnn_step", "mnist_script_step", "lstm_step", "transformer_step"]
CUDA_WORKLOADS = ["large_graph", "matmul_fwd_bwd", "dense_step", "mlp_step", "cnn_step",
                  "mnist_script_step", "lstm_step", "transformer_step", "vgg16_step"]
# benchmarks/numpy_ceiling.py: the same work in hand-written NumPy (CPU only); the GEMM-bound
# steps with tinytorch's threading (``split``: BLAS on one thread, GEMMs in two halves).
NUMPY_CEILINGS = {"tiny_graph": ("make_tiny_graph", {}),
                  "large_graph": ("make_tiny_graph", {"n": 1000}),
                  "matmul_fwd_bwd": ("make_matmul", {"split": True}),
                  "dense_step": ("make_dense", {}),
                  "mlp_step": ("make_dense", {"batch": 128, "hidden": 512, "act": "relu",
                                               "split": True}),
                  "cnn_step": ("make_cnn", {}),
                  "mnist_script_step": ("make_mnist_script", {}),
                  "lstm_step": ("make_lstm", {})}
