"""CloudFormation, SAM and CDK cloud assemblies: YAML/JSON templates into the graph."""
