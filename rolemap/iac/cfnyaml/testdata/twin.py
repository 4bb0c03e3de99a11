"""Writes the twin of a template with PyYAML (python3-yaml): YAML to JSON,
reading each short form !Name as the AWS CLI does ({"Fn::Name": ...},
!Ref and !Condition bare, !GetAtt A.B split at the first dot), or JSON to
YAML (long forms).  Timestamps stay strings, as CloudFormation reads them.

    python3 twin.py to-json IN.yaml > OUT.json
    python3 twin.py to-yaml IN.json > OUT.yaml
"""
import json
import sys

import yaml


class Loader(yaml.SafeLoader):
    pass


# CloudFormation has no timestamps: 2010-09-09 is a string.
Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in Loader.yaml_implicit_resolvers.items()
}


def intrinsic(loader, suffix, node):
    name = suffix if suffix in ("Ref", "Condition") else "Fn::" + suffix
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


Loader.add_multi_constructor("!", intrinsic)

mode, path = sys.argv[1], sys.argv[2]
with open(path) as f:
    if mode == "to-json":
        print(json.dumps(yaml.load(f, Loader=Loader), indent=2))
    else:
        print(yaml.safe_dump(json.load(f), sort_keys=False), end="")
