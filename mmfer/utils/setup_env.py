"""Registering mmfer's modules, as ``mmdet.utils.register_all_modules`` does for mmdet."""
import datetime
import warnings

from mmengine import DefaultScope


def register_all_modules(init_default_scope: bool = True) -> None:
    """Import every mmfer (and mmdet) module so that its registry entries exist.

    Args:
        init_default_scope (bool): make ``mmfer`` the current default scope, so that registry
            lookups start in mmfer's registries. Defaults to True.
    """
    import mmdet.datasets  # noqa: F401
    import mmdet.engine  # noqa: F401
    import mmdet.evaluation  # noqa: F401
    import mmdet.models  # noqa: F401
    import mmdet.visualization  # noqa: F401

    import mmfer.datasets  # noqa: F401
    import mmfer.engine  # noqa: F401
    import mmfer.evaluation  # noqa: F401
    import mmfer.models  # noqa: F401
    import mmfer.visualization  # noqa: F401

    if not init_default_scope:
        return
    current = DefaultScope.get_current_instance()
    if current is None or not DefaultScope.check_instance_created('mmfer'):
        if current is not None and current.scope_name != 'mmfer':
            warnings.warn(f'The current default scope "{current.scope_name}" is not "mmfer"; '
                          'register_all_modules creates a new "mmfer" default scope.',
                          stacklevel=2)
        stamp = datetime.datetime.now().strftime('%Y%m%d-%H%M%S.%f')
        DefaultScope.get_instance(f'mmfer-{stamp}', scope_name='mmfer')
