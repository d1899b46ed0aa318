"""What every format's loader shares: YAML/JSON reading with marks, network values, ignore comments."""
