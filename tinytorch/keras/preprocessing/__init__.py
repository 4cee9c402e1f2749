"""Keras' ``preprocessing`` package: ``image.ImageDataGenerator``."""

from tinytorch.keras.preprocessing import image

__all__ = ["image"]
