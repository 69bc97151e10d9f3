"""Subcommands of `tts`, one module each; registered in `tts.cli.COMMANDS`."""
