"""A word-level LSTM language model written as an ordinary PyTorch script (after
pytorch/examples' word_language_model): Embedding -> LSTM (or GRU, RNN) -> Linear decoder (optionally tied
to the embedding), truncated backpropagation through time with detached hidden states,
gradient clipping, plain SGD with the learning rate divided by 4 when validation stops
improving, perplexity per epoch, the best model's state_dict saved and loaded back for the
test set, then a few sampled words. It runs unchanged on tinytorch (default) or PyTorch.

    python examples/word_language_model.py
    python examples/word_language_model.py --backend torch
    python examples/word_language_model.py --data path/to/wikitext-2 --epochs 6 --tied

Data: ``--data`` is either a directory with ``train.txt``, ``valid.txt`` and ``test.txt``
(pytorch/examples' layout, e.g. WikiText-2), or any directory of plain-text files, which are
read in name order and split line by line (of every ten lines, the ninth goes to validation
and the tenth to test). The default is ``/usr/share/common-licenses``: the licence texts
every Debian and Ubuntu system ships (base-files), about 45,000 words of English.
"""

import argparse
import math
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import description  # noqa: E402
from _common import run_dir  # noqa: E402


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=description(__doc__))
    parser.add_argument("--backend", choices=["tinytorch", "torch"], default="tinytorch")
    parser.add_argument("--data", default="/usr/share/common-licenses",
                        help="directory of the corpus (see the description)")
    parser.add_argument("--limit", type=int, help="train on the first N tokens only")
    parser.add_argument("--model", default="LSTM",
                        choices=["LSTM", "GRU", "RNN_TANH", "RNN_RELU"], help="recurrent layer")
    parser.add_argument("--emsize", type=int, default=128, help="size of word embeddings")
    parser.add_argument("--nhid", type=int, default=128, help="hidden units per layer")
    parser.add_argument("--nlayers", type=int, default=2)
    parser.add_argument("--lr", type=float, default=20.0, help="initial learning rate")
    parser.add_argument("--clip", type=float, default=0.25, help="gradient clipping norm")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=20)
    parser.add_argument("--bptt", type=int, default=35, help="sequence length")
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--tied", action="store_true", help="tie the word embedding and "
                        "softmax weights (needs --emsize equal to --nhid)")
    parser.add_argument("--seed", type=int, default=1111)
    parser.add_argument("--accel", action="store_true", help="use the accelerator (cuda)")
    parser.add_argument("--threads", type=int, default=1, help="CPU threads "
                        "(torch.set_num_threads; default 1: the per-step matrices are small, "
                        "and on a busy machine a second BLAS thread mostly waits)")
    parser.add_argument("--log-interval", type=int, default=50)
    parser.add_argument("--words", type=int, default=30, help="words to sample at the end")
    parser.add_argument("--out", metavar="DIR", help="where model.pt goes (default: a new "
                        "runs/word_language_model-<date>-<time>)")
    return parser.parse_args(argv)


args = parse_args()
if args.backend == "torch":
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
else:
    import tinytorch as torch
    import tinytorch.nn as nn
    import tinytorch.nn.functional as F


class Dictionary:
    def __init__(self):
        self.word2idx = {}
        self.idx2word = []

    def add_word(self, word):
        if word not in self.word2idx:
            self.idx2word.append(word)
            self.word2idx[word] = len(self.idx2word) - 1
        return self.word2idx[word]

    def __len__(self):
        return len(self.idx2word)


class Corpus:
    def __init__(self, path, limit=None):
        self.dictionary = Dictionary()
        splits = read_splits(path)
        self.train = self.tokenize(splits["train"], limit)
        self.valid = self.tokenize(splits["valid"])
        self.test = self.tokenize(splits["test"])

    def tokenize(self, lines, limit=None):
        """Words of each line plus <eos>, as a LongTensor of ids (the first ``limit``)."""
        ids = []
        for line in lines:
            for word in line.split() + ["<eos>"]:
                ids.append(self.dictionary.add_word(word))
        return torch.tensor(ids[:limit], dtype=torch.int64)


def read_splits(path):
    """{'train', 'valid', 'test'}: lists of non-empty lines (see the description)."""
    if not os.path.isdir(path):
        sys.exit(f"no corpus directory {path!r}: pass --data DIR (see --help)")
    named = [os.path.join(path, f"{s}.txt") for s in ("train", "valid", "test")]
    if all(os.path.isfile(f) for f in named):
        return {s: _lines([f]) for s, f in zip(("train", "valid", "test"), named)}
    files = sorted(os.path.join(path, f) for f in os.listdir(path))
    lines = _lines([f for f in files if os.path.isfile(f)])
    return {"train": [l for i, l in enumerate(lines) if i % 10 < 8],
            "valid": lines[8::10], "test": lines[9::10]}


def _lines(files):
    out = []
    for name in files:
        with open(name, encoding="utf8", errors="replace") as f:
            out.extend(line for line in f.read().splitlines() if line.strip())
    return out


class RNNModel(nn.Module):
    """Container module with an encoder, a recurrent module, and a decoder."""

    def __init__(self, rnn_type, ntoken, ninp, nhid, nlayers, dropout=0.5, tie_weights=False):
        super().__init__()
        self.ntoken = ntoken
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        if rnn_type in ["LSTM", "GRU"]:
            self.rnn = getattr(nn, rnn_type)(ninp, nhid, nlayers, dropout=dropout)
        else:
            nonlinearity = {"RNN_TANH": "tanh", "RNN_RELU": "relu"}[rnn_type]
            self.rnn = nn.RNN(ninp, nhid, nlayers, nonlinearity=nonlinearity, dropout=dropout)
        self.decoder = nn.Linear(nhid, ntoken)
        if tie_weights:
            if nhid != ninp:
                raise ValueError("When using the tied flag, nhid must be equal to emsize")
            self.decoder.weight = self.encoder.weight
        self.init_weights()
        self.rnn_type = rnn_type
        self.nhid = nhid
        self.nlayers = nlayers

    def init_weights(self):
        initrange = 0.1
        nn.init.uniform_(self.encoder.weight, -initrange, initrange)
        nn.init.zeros_(self.decoder.bias)
        nn.init.uniform_(self.decoder.weight, -initrange, initrange)

    def forward(self, input, hidden):
        emb = self.drop(self.encoder(input))
        output, hidden = self.rnn(emb, hidden)
        output = self.drop(output)
        decoded = self.decoder(output)
        decoded = decoded.view(-1, self.ntoken)
        return F.log_softmax(decoded, dim=1), hidden

    def init_hidden(self, bsz):
        weight = next(self.parameters())
        if self.rnn_type == "LSTM":
            return (weight.new_zeros(self.nlayers, bsz, self.nhid),
                    weight.new_zeros(self.nlayers, bsz, self.nhid))
        return weight.new_zeros(self.nlayers, bsz, self.nhid)


def batchify(data, bsz, device):
    """Cut ``data`` into ``bsz`` columns (dropping the remainder): shape (len // bsz, bsz)."""
    nbatch = data.size(0) // bsz
    data = data.narrow(0, 0, nbatch * bsz)
    data = data.view(bsz, -1).t().contiguous()
    return data.to(device)


def repackage_hidden(h):
    """Wraps hidden states in new Tensors, to detach them from their history."""
    if isinstance(h, torch.Tensor):
        return h.detach()
    return tuple(repackage_hidden(v) for v in h)


def get_batch(source, i):
    seq_len = min(args.bptt, len(source) - 1 - i)
    data = source[i:i + seq_len]
    target = source[i + 1:i + 1 + seq_len].view(-1)
    return data, target


def evaluate(model, criterion, data_source, batch_size):
    model.eval()
    total_loss = 0.0
    hidden = model.init_hidden(batch_size)
    with torch.no_grad():
        for i in range(0, data_source.size(0) - 1, args.bptt):
            data, targets = get_batch(data_source, i)
            output, hidden = model(data, hidden)
            hidden = repackage_hidden(hidden)
            total_loss += len(data) * criterion(output, targets).item()
    return total_loss / (len(data_source) - 1)


def train(model, criterion, train_data, lr, epoch):
    model.train()
    total_loss = 0.0
    start_time = time.time()
    hidden = model.init_hidden(args.batch_size)
    batches = (len(train_data) - 1) // args.bptt
    for batch, i in enumerate(range(0, train_data.size(0) - 1, args.bptt)):
        data, targets = get_batch(train_data, i)
        # Starting each batch, we detach the hidden state from how it was previously
        # produced. If we didn't, the model would try backpropagating all the way to the
        # start of the dataset.
        model.zero_grad()
        hidden = repackage_hidden(hidden)
        output, hidden = model(data, hidden)
        loss = criterion(output, targets)
        loss.backward()

        # `clip_grad_norm` helps prevent the exploding gradient problem in RNNs / LSTMs.
        torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        for p in model.parameters():
            p.data.add_(p.grad, alpha=-lr)

        total_loss += loss.item()
        if batch % args.log_interval == 0 and batch > 0:
            cur_loss = total_loss / args.log_interval
            elapsed = time.time() - start_time
            print("| epoch {:3d} | {:5d}/{:5d} batches | lr {:02.2f} | ms/batch {:5.2f} | "
                  "loss {:5.2f} | ppl {:8.2f}".format(
                      epoch, batch, batches, lr, elapsed * 1000 / args.log_interval,
                      cur_loss, math.exp(cur_loss)))
            total_loss = 0.0
            start_time = time.time()


def sample(model, corpus, device, words):
    """``words`` words drawn from the model, starting from a random word."""
    model.eval()
    hidden = model.init_hidden(1)
    input = torch.randint(len(corpus.dictionary), (1, 1), dtype=torch.long).to(device)
    out = []
    with torch.no_grad():
        for _ in range(words):
            output, hidden = model(input, hidden)
            word_weights = output.squeeze().exp().cpu()
            word_idx = torch.multinomial(word_weights, 1)[0]
            input.fill_(word_idx)
            out.append(corpus.dictionary.idx2word[int(word_idx)])
    return " ".join(out)


def main():
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    use_accel = args.accel and torch.accelerator.is_available()
    device = torch.accelerator.current_accelerator() if use_accel else torch.device("cpu")
    print(f"backend={args.backend} device={device} threads={torch.get_num_threads()}")

    corpus = Corpus(args.data, args.limit)
    eval_batch_size = 10
    train_data = batchify(corpus.train, args.batch_size, device)
    val_data = batchify(corpus.valid, eval_batch_size, device)
    test_data = batchify(corpus.test, eval_batch_size, device)
    ntokens = len(corpus.dictionary)
    print(f"corpus {args.data}: {len(corpus.train)} training tokens, "
          f"{len(corpus.valid)} validation, {len(corpus.test)} test, vocabulary {ntokens}")

    model = RNNModel(args.model, ntokens, args.emsize, args.nhid, args.nlayers, args.dropout,
                     args.tied).to(device)
    criterion = nn.NLLLoss()
    path = os.path.join(run_dir(args.out, "word_language_model"), "model.pt")

    lr = args.lr
    best_val_loss = None
    for epoch in range(1, args.epochs + 1):
        epoch_start_time = time.time()
        train(model, criterion, train_data, lr, epoch)
        val_loss = evaluate(model, criterion, val_data, eval_batch_size)
        print("-" * 89)
        print("| end of epoch {:3d} | time: {:5.2f}s | valid loss {:5.2f} | "
              "valid ppl {:8.2f}".format(epoch, time.time() - epoch_start_time, val_loss,
                                         math.exp(val_loss)))
        print("-" * 89)
        # Save the model if the validation loss is the best we've seen so far.
        if not best_val_loss or val_loss < best_val_loss:
            torch.save(model.state_dict(), path)
            best_val_loss = val_loss
        else:
            # Anneal the learning rate if no improvement has been seen on validation.
            lr /= 4.0

    # Load the best saved model.
    model.load_state_dict(torch.load(path, weights_only=True))
    model.rnn.flatten_parameters()  # a no-op on the CPU; cuDNN wants its weights contiguous
    test_loss = evaluate(model, criterion, test_data, eval_batch_size)
    print("=" * 89)
    print("| End of training | test loss {:5.2f} | test ppl {:8.2f}".format(
        test_loss, math.exp(test_loss)))
    print("=" * 89)
    print(f"best model saved to {path}")
    if args.words:
        print("sample:", sample(model, corpus, device, args.words))


if __name__ == "__main__":
    main()
