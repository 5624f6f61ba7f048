import sys

# Guarded: a worker process that ivpsite spawns (ivpsite/parallel.py) imports this module
# again under another name; it must neither start a second build nor pay for the imports.
if __name__ == "__main__":
    try:
        from .cli import main
    except KeyboardInterrupt:  # Ctrl-C while starting up: nothing was written yet
        from .messages import text

        print(f"ivpsite: {text('build_interrupted')}", file=sys.stderr)
        sys.exit(130)
    sys.exit(main())
