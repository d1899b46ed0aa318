from lambda6lint.cli import run

run()
