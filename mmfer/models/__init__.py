"""mmfer's models: backbones, necks, heads and detectors (added by later issues)."""
