import pytest
import torch

from tts.models.tacotron2 import Tacotron2, Tacotron2Config

TINY_TACOTRON2 = Tacotron2Config(
    embedding_dim=16, encoder_conv_layers=1, encoder_dim=16, prenet_dims=(16,),
    attention_rnn_dim=16, decoder_rnn_dim=16, attention_dim=8, location_filters=4,
    location_kernel_size=5, postnet_dim=16, postnet_layers=2, reduction_factor=3,
    max_decoder_steps_per_token=2.0,
)


@pytest.fixture(scope="session")
def checkpoint(tmp_path_factory):
    """An untrained tiny Tacotron2 saved as a real checkpoint: drives the API end to end."""
    torch.manual_seed(0)
    path = tmp_path_factory.mktemp("voice") / "acoustic.pt"
    torch.save(Tacotron2(TINY_TACOTRON2).checkpoint_state(), path)
    return path
