"""Terraform: modules (modules.py, read by the evaluator with python-hcl2) and `terraform show -json` plans
(plan.py), into pieces of the graph. loaders/registry.py imports them on the first Terraform source: a
CloudFormation run imports none of this package.
"""
