"""summary() tables and parameter counts of the book's models (BOOK.md §2–4)."""

from tinytorch.keras.layers import Conv2D
from tinytorch.keras.layers import Dense
from tinytorch.keras.layers import Flatten
from tinytorch.keras.layers import MaxPooling2D
from tinytorch.keras.models import Sequential


def book_dense():
    model = Sequential()
    model.add(Dense(10, activation="sigmoid", input_shape=(784,)))
    model.add(Dense(10, activation="softmax"))
    return model


def book_cnn():
    model = Sequential()
    model.add(Conv2D(32, (5, 5), activation="relu", input_shape=(28, 28, 1)))
    model.add(MaxPooling2D((2, 2)))
    model.add(Conv2D(64, (5, 5), activation="relu"))
    model.add(MaxPooling2D((2, 2)))
    model.add(Flatten())
    model.add(Dense(10, activation="softmax"))
    return model


def keras_vgg16():
    model = Sequential()
    first = True
    for block in ([64] * 2, [128] * 2, [256] * 3, [512] * 3, [512] * 3):
        for filters in block:
            extra = {"input_shape": (224, 224, 3)} if first else {}
            model.add(Conv2D(filters, (3, 3), padding="same", activation="relu", **extra))
            first = False
        model.add(MaxPooling2D((2, 2), strides=(2, 2)))
    model.add(Flatten())
    model.add(Dense(4096, activation="relu"))
    model.add(Dense(4096, activation="relu"))
    model.add(Dense(1000, activation="softmax"))
    return model


def summary_lines(model):
    lines = []
    model.summary(print_fn=lines.append)
    return lines


def rows(model):
    return [(l.name, l.output_shape, l.count_params()) for l in model.layers]


def test_summary_book_dense_matches_book():
    model = book_dense()
    assert rows(model) == [("dense", (None, 10), 7850), ("dense_1", (None, 10), 110)]
    text = "\n".join(summary_lines(model))
    assert "dense (Dense)" in text and "dense_1 (Dense)" in text
    assert "(None, 10)" in text and "7850" in text
    assert "Total params: 7,960" in text
    assert "Trainable params: 7,960" in text
    assert "Non-trainable params: 0" in text


def test_summary_book_cnn_matches_book():
    model = book_cnn()
    assert rows(model) == [
        ("conv2d", (None, 24, 24, 32), 832), ("max_pooling2d", (None, 12, 12, 32), 0),
        ("conv2d_1", (None, 8, 8, 64), 51264), ("max_pooling2d_1", (None, 4, 4, 64), 0),
        ("flatten", (None, 1024), 0), ("dense", (None, 10), 10250)]
    assert "Total params: 62,346" in "\n".join(summary_lines(model))


def test_summary_vgg16_matches_book_counts():
    model = keras_vgg16()
    counts = [l.count_params() for l in model.layers if l.count_params()]
    assert counts == [1792, 36928, 73856, 147584, 295168, 590080, 590080, 1180160,
                      *[2359808] * 5, 102764544, 16781312, 4097000]
    assert model.layers[-4].output_shape == (None, 25088)
    assert "Total params: 138,357,544" in "\n".join(summary_lines(model))


def test_summary_table_layout_is_keras():
    lines = summary_lines(book_dense())
    assert lines[0] == 'Model: "sequential"'
    assert lines[1] == "_" * 65 and lines[3] == "=" * 65
    assert lines[2].split() == ["Layer", "(type)", "Output", "Shape", "Param", "#"]
    assert lines[4].index("(None, 10)") == 29 and lines[4].index("7850") == 55


# The book's VGG16 table (BOOK.md §4), in Keras 2's layout: counts are plain integers,
# totals carry thousands separators.
VGG16_BOOK_COUNTS = [1792, 36928, 0, 73856, 147584, 0, 295168, 590080, 590080, 0, 1180160,
                     2359808, 2359808, 0, 2359808, 2359808, 2359808, 0, 0, 102764544,
                     16781312, 4097000]


def test_summary_vgg16_prints_every_book_figure_whole():
    lines = summary_lines(keras_vgg16())
    layer_rows = [line for line in lines if "(" in line and "None" in line]
    printed = [int(line.split()[-1]) for line in layer_rows]
    assert printed == VGG16_BOOK_COUNTS
    dense = next(line for line in layer_rows if line.startswith("dense (Dense)"))
    assert dense.endswith(" 102764544") and dense.index("102764544") == 55
    assert "(None, 25088)" in "\n".join(lines)
    assert lines[-4:] == ["Total params: 138,357,544", "Trainable params: 138,357,544",
                          "Non-trainable params: 0", "_" * 65]


def test_summary_never_cuts_a_parameter_count():
    lines = []
    keras_vgg16().summary(line_length=40, print_fn=lines.append)  # 7 columns for the count
    assert any(line.endswith(" 102764544") for line in lines)


def test_summary_counts_batchnorm_statistics_as_non_trainable():
    from tinytorch.keras.layers import BatchNormalization
    model = Sequential([Dense(4, input_shape=(3,)), BatchNormalization()])
    text = "\n".join(summary_lines(model))
    assert "Total params: 32" in text  # 16 + 4 * 4
    assert "Trainable params: 24" in text and "Non-trainable params: 8" in text


def test_summary_unbuilt_model_raises_keras_message():
    import pytest
    model = Sequential([Dense(3)])
    with pytest.raises(ValueError, match="has not yet been built"):
        model.summary()


def test_unique_names_follow_keras():
    model = Sequential([Dense(2, input_shape=(2,)), Dense(2), Flatten(), Dense(1)])
    assert [l.name for l in model.layers] == ["dense", "dense_1", "flatten", "dense_2"]
    assert model.name == "sequential"


def shared_layer_model():
    # the functional example whose Keras 2 summary is quoted in the test below
    from tinytorch.keras import Input
    from tinytorch.keras import layers
    from tinytorch.keras.models import Model
    inputs = Input(shape=(100,), name="A_input")
    x = Dense(20, activation="relu", name="B_dense")(inputs)
    shared = Dense(20, activation="relu", name="C_dense_shared")
    x = layers.concatenate([shared(x), shared(x)], name="D_concat")
    return Model(inputs=inputs, outputs=x)


def test_functional_summary_has_keras_connected_to_column():
    # Keras 2 prints this table (98 columns, positions .33/.55/.67; trailing blanks dropped)
    expected = """\
Model: "model"
__________________________________________________________________________________________________
Layer (type)                    Output Shape         Param #     Connected to
==================================================================================================
A_input (InputLayer)            (None, 100)          0
__________________________________________________________________________________________________
B_dense (Dense)                 (None, 20)           2020        A_input[0][0]
__________________________________________________________________________________________________
C_dense_shared (Dense)          (None, 20)           420         B_dense[0][0]
                                                                 B_dense[0][0]
__________________________________________________________________________________________________
D_concat (Concatenate)          (None, 40)           0           C_dense_shared[0][0]
                                                                 C_dense_shared[1][0]
==================================================================================================
Total params: 2,440
Trainable params: 2,440
Non-trainable params: 0
__________________________________________________________________________________________________"""
    assert summary_lines(shared_layer_model()) == expected.splitlines()


def test_functional_chain_uses_the_sequential_layout():
    from tinytorch.keras import Input
    from tinytorch.keras.models import Model
    x = Input(shape=(64,))
    out = Dense(10, activation="softmax")(Dense(32, activation="relu")(x))
    lines = summary_lines(Model(x, out))
    assert lines[1] == "_" * 65 and "Connected to" not in lines[2]
    assert lines[4] == "input_1 (InputLayer)         (None, 64)                0"
    assert "Total params: 2,410" in lines


def test_summary_never_cuts_a_figure():
    from tinytorch.keras import Input
    from tinytorch.keras import layers
    from tinytorch.keras.models import Model
    a = Input(shape=(224, 224, 3), name="a_long_input_name_for_a_test")
    b = Input(shape=(224, 224, 3))
    out = layers.add([Conv2D(512, 3, padding="same")(a), Conv2D(512, 3, padding="same")(b)])
    lines = summary_lines(Model([a, b], out))
    row = next(line for line in lines if line.startswith("add (Add)"))
    assert "(None, 224, 224, 512) 0" in row and row.endswith("conv2d[0][0]")
    # a name is cut as Keras cuts it: 31 characters, then the column's separating space
    assert "a_long_input_name_for_a_test (I (None, 224, 224, 3)  0" in lines
