from garrison.cli.main import run

run()
