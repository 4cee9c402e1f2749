"""Keras' augmentation layers and ImageDataGenerator: training-only, seeds, shapes, and values
against references derived from TensorFlow's transform formulas (and SciPy's
``ndimage.affine_transform``, which Keras' ImageDataGenerator calls)."""

import math

import numpy as np
import pytest

import tinytorch
from tinytorch.keras import layers
from tinytorch.keras.models import Sequential
from tinytorch.keras.preprocessing.image import ImageDataGenerator

IMAGES = np.random.default_rng(0).random((3, 5, 5, 2)).astype("float32")


def augment(layer, images=IMAGES):
    model = Sequential([layer])
    model.build((None, *images.shape[1:]))
    model.train()
    return model(images).detach().numpy(), model.predict(images)


def test_layers_are_identity_at_inference():
    for layer in (layers.RandomFlip(), layers.RandomRotation(0.3), layers.RandomZoom(0.3),
                  layers.RandomTranslation(0.2, 0.2)):
        trained, inferred = augment(layer)
        np.testing.assert_array_equal(inferred, IMAGES)
        assert trained.shape == IMAGES.shape and not np.array_equal(trained, IMAGES)


def test_rotation_by_a_quarter_turn_is_rot90_counter_clockwise():
    trained, _ = augment(layers.RandomRotation((0.25, 0.25)))
    np.testing.assert_allclose(trained, np.rot90(IMAGES, 1, axes=(1, 2)), atol=1e-5)


def test_translation_fills_with_reflection_or_constant():
    shifted, _ = augment(layers.RandomTranslation((0.4, 0.4), (0.0, 0.0)))  # 2 rows down
    np.testing.assert_allclose(shifted[:, 2:], IMAGES[:, :-2], atol=1e-6)
    np.testing.assert_allclose(shifted[:, :2], IMAGES[:, 1::-1], atol=1e-6)  # d c | c d
    constant, _ = augment(layers.RandomTranslation(0.0, (-0.2, -0.2), fill_mode="constant",
                                                   fill_value=0.5))  # 1 column left
    np.testing.assert_allclose(constant[:, :, :-1], IMAGES[:, :, 1:], atol=1e-6)
    np.testing.assert_allclose(constant[:, :, -1], 0.5)


def test_zoom_out_by_two_samples_every_other_pixel_reflected():
    zoomed, _ = augment(layers.RandomZoom((1.0, 1.0)))
    index = [1, 0, 2, 4, 3]  # x_in = 2 x - 2, reflected: -2 -> 1, 6 -> 3
    np.testing.assert_allclose(zoomed, IMAGES[:, index][:, :, index], atol=1e-6)


def test_flip_flips_whole_images_and_seed_repeats_it():
    first, _ = augment(layers.RandomFlip("horizontal", seed=5))
    again, _ = augment(layers.RandomFlip("horizontal", seed=5))
    np.testing.assert_array_equal(first, again)
    for got, image in zip(first, IMAGES):
        assert np.array_equal(got, image) or np.array_equal(got, image[:, ::-1])
    flips = [augment(layers.RandomFlip("vertical", seed=s))[0] for s in range(8)]
    assert any(not np.array_equal(f, flips[0]) for f in flips)


def test_augmentation_layers_run_on_the_model_device(device):
    model = Sequential([layers.RandomRotation(0.1, seed=0, input_shape=(5, 5, 2)),
                        layers.RandomFlip(seed=1), layers.Flatten(), layers.Dense(1)])
    model.compile("sgd", "mse", device=device)
    history = model.fit(IMAGES, np.zeros((3, 1)), epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2


def test_seeded_layers_draw_independently_of_the_global_generator():
    tinytorch.manual_seed(1)
    a, _ = augment(layers.RandomRotation(0.2, seed=7))
    tinytorch.manual_seed(2)
    b, _ = augment(layers.RandomRotation(0.2, seed=7))
    np.testing.assert_array_equal(a, b)


def test_factor_errors_use_keras_messages():
    with pytest.raises(ValueError, match="must have values between"):
        layers.RandomZoom(1.5)
    with pytest.raises(ValueError, match="cannot have upper bound less than lower bound"):
        layers.RandomTranslation((0.2, 0.1), 0.1)
    with pytest.raises(NotImplementedError, match="Unknown `fill_mode`"):
        layers.RandomRotation(0.1, fill_mode="mirror")


def test_augmentation_layers_round_trip_through_json():
    from tinytorch.keras.models import model_from_json
    model = Sequential([layers.RandomFlip("horizontal", seed=1, input_shape=(5, 5, 2)),
                        layers.RandomRotation(0.1, fill_mode="constant"),
                        layers.RandomZoom(0.1, 0.2), layers.RandomTranslation(0.1, 0.1)])
    assert model_from_json(model.to_json()).to_json() == model.to_json()


def scipy_keras_transform(image, matrix, mode):
    """Keras' apply_affine_transform: scipy.ndimage.affine_transform per channel, order 1."""
    ndimage = pytest.importorskip("scipy.ndimage")
    channels = [ndimage.affine_transform(image[..., c], matrix[:2, :2], matrix[:2, 2],
                                         order=1, mode=mode, cval=0.0)
                for c in range(image.shape[-1])]
    return np.stack(channels, axis=-1)


@pytest.mark.parametrize("mode", ["nearest", "reflect"])
def test_image_data_generator_matches_keras_scipy_transform(mode):
    images = np.random.default_rng(1).random((4, 9, 7, 2)).astype("float32")
    datagen = ImageDataGenerator(rotation_range=30, width_shift_range=0.2,
                                 height_shift_range=2, shear_range=10, zoom_range=0.2,
                                 fill_mode=mode)
    got = datagen.random_transform_batch(tinytorch.as_tensor(images),
                                         tinytorch.Generator().manual_seed(3)).numpy()
    matrices = datagen.transform_matrices(tinytorch.Generator().manual_seed(3), 4, 9, 7)
    for image, out, matrix in zip(images, got, matrices.numpy()):
        np.testing.assert_allclose(out, scipy_keras_transform(image, matrix, mode), atol=1e-5)


def test_image_data_generator_matrix_is_keras_composition():
    datagen = ImageDataGenerator(rotation_range=40, zoom_range=(0.5, 0.5))
    m = datagen.transform_matrices(tinytorch.Generator().manual_seed(0), 1, 10, 6).numpy()[0]
    theta = math.atan2(m[1, 0], m[0, 0])
    assert abs(math.degrees(theta)) <= 40
    rotation = np.array([[math.cos(theta), -math.sin(theta), 0],
                         [math.sin(theta), math.cos(theta), 0], [0, 0, 1]])
    centre = np.array([[1, 0, 10 / 2 + 0.5], [0, 1, 6 / 2 + 0.5], [0, 0, 1]])
    expected = centre @ rotation @ np.diag([0.5, 0.5, 1]) @ np.linalg.inv(centre)
    np.testing.assert_allclose(m, expected, atol=1e-12)


def test_flow_batches_shuffle_per_epoch_and_fit_trains_on_them():
    x = np.random.default_rng(0).random((20, 6, 6, 1)).astype("float32")
    y = np.arange(20)
    iterator = ImageDataGenerator(horizontal_flip=True, rescale=2.0).flow(x, y, batch_size=8,
                                                                          seed=0)
    assert len(iterator) == 3
    xb, yb = iterator[2]
    assert xb.shape == (4, 6, 6, 1) and yb.shape == (4,)
    for image, label in zip(xb, yb):
        assert np.allclose(image, 2 * x[label]) or np.allclose(image, 2 * x[label][:, ::-1])
    seen = np.concatenate([iterator[i][1] for i in range(3)])
    assert sorted(seen) == list(range(20))
    iterator.on_epoch_end()
    assert not np.array_equal(np.concatenate([iterator[i][1] for i in range(3)]), seen)
    model = Sequential([layers.Flatten(input_shape=(6, 6, 1)), layers.Dense(1)])
    model.compile("sgd", "mse")
    history = model.fit(ImageDataGenerator(rotation_range=10).flow(x, y / 20, batch_size=5),
                        epochs=2, verbose=0, validation_data=(x, y / 20))
    assert len(history.history["loss"]) == 2 and "val_loss" in history.history


def test_flow_rejects_wrong_rank_and_unsupported_options():
    with pytest.raises(ValueError, match="should have rank 4"):
        ImageDataGenerator().flow(np.zeros((3, 4, 4)))
    with pytest.raises(NotImplementedError, match="zca_whitening"):
        ImageDataGenerator(zca_whitening=True)
