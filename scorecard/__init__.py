"""kepu-scorecard: Chinese science-popularization work reports to a validated dataset."""

__version__ = "0.1.0"
