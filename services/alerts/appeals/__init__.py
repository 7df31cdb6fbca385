"""Citizens' appeals about bailiffs: the office's register, its steps, and its terms."""
