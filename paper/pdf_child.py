"""Run by paper/pdf.py in its own process: HTML on standard input, the PDF on standard output.

Imports WeasyPrint only (no Django), and caps its own memory first, so a document too big for the machine
fails here instead of in the web or worker process. Argument: the memory cap in MB (0: none)."""

import resource
import sys


def main() -> None:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    if megabytes > 0:
        cap = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    import weasyprint

    html = sys.stdin.buffer.read().decode("utf-8")
    sys.stdout.buffer.write(weasyprint.HTML(string=html).write_pdf())


if __name__ == "__main__":
    main()
