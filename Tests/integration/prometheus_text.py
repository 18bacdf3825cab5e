"""A strict parser of the Prometheus text exposition format (0.0.4) for the telemetry tests: every line must be a
comment (`# TYPE`, `# HELP`) or a sample `name{label="value",...} number`, else parsing fails."""

import math
import re

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? ([^ ]+)(?: -?[0-9]+)?$')
LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)')
TYPE = re.compile(r'^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$')


def parse(text):
    """The samples of `text` as (name, labels dict, value) tuples and the declared types (name → type)."""
    samples, types = [], {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            declared = TYPE.match(line)
            if declared:
                types[declared.group(1)] = declared.group(2)
            elif not line.startswith("# HELP "):
                raise ValueError(f"line {number}: unknown comment {line!r}")
            continue
        match = SAMPLE.match(line)
        if not match:
            raise ValueError(f"line {number}: not a sample {line!r}")
        labels, rest = {}, match.group(2) or ""
        while rest:
            label = LABEL.match(rest)
            if not label:
                raise ValueError(f"line {number}: bad labels {rest!r}")
            labels[label.group(1)] = label.group(2).replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
            rest = rest[label.end():]
        value = float(match.group(3).replace("+Inf", "inf").replace("-Inf", "-inf"))
        if math.isnan(value):
            raise ValueError(f"line {number}: NaN sample")
        samples.append((match.group(1), labels, value))
    return samples, types


def total(samples, name, **labels):
    """The sum of the samples named `name` whose labels include `labels`."""
    return sum(value for sample, have, value in samples
               if sample == name and all(have.get(key) == wanted for key, wanted in labels.items()))
