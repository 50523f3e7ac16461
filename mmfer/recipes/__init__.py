"""Config recipes: MMDetection's published recipes moved onto face data, and the pretrained
weights a model config points at."""
