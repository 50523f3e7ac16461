"""The optional packages of deployment (the deploy extra), imported or named with the way to
install them."""


def require_deploy_packages(*names: str) -> None:
    """Import each of ``names`` (onnx, onnxruntime, ...) or say how to install it.

    Raises:
        ImportError: one is missing, with the install command of the deploy extra.
    """
    import importlib
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError as error:
            raise ImportError(f'{name} is not installed: pip install -r '
                              'requirements/deploy.txt') from error
