"""NATBlock: the same values whatever the input's memory format, which its output keeps."""
import pytest
import torch

from mmfer.models.layers.natten_block import NATBlock


@pytest.mark.parametrize('layout', [torch.contiguous_format, torch.channels_last])
def test_the_output_keeps_the_inputs_memory_format_and_values(layout):
    torch.manual_seed(0)
    block = NATBlock(16, num_heads=2, kernel_size=3, backend='pytorch').eval()
    x = torch.randn(2, 16, 6, 7)
    with torch.no_grad():
        expected = block(x)
        out = block(x.contiguous(memory_format=layout))
    assert out.is_contiguous(memory_format=layout)
    assert not out.is_contiguous(memory_format=({torch.contiguous_format, torch.channels_last}
                                                 - {layout}).pop())
    assert torch.equal(out, expected)
