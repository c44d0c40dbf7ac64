"""CloudFormation checks: the table of rules/cloudformation/checks.yaml, evaluated over a parsed
template (gatekeeper/scanners/cfn_template.py), and the few checks a table cannot say (security
group port ranges, IAM statements, relations between resources, secrets).

A check reports a resource only on what the template itself shows: a value behind a parameter
without a default, `!GetAtt` or `!ImportValue` is unknown and never reported; a property left out
is reported only where its default is insecure (`require`, `present`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from gatekeeper.scanners.cfn_template import (
    UNKNOWN,
    Located,
    Resource,
    as_bool,
    no_value,
    possible_values,
    resources,
)

_MISSING = object()


@dataclass(frozen=True)
class Hit:
    rule_id: str
    subject: str
    """`LogicalId (AWS::Type)`, or the parameter's name."""
    line: int
    secret: str = ""
    """The literal a secret check found (for the engine's redaction; never shown)."""


class RuleError(Exception):
    """The check table is malformed (a gatekeeper bug or a broken install)."""


def load_rules(path: Path) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(f"{path}: cannot read the CloudFormation checks: {type(exc).__name__}") from None
    rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, list):
        raise RuleError(f"{path}: no `rules:` list")
    for rule in rules:
        kinds = [k for k in ("require", "forbid", "present", "function") if k in rule]
        if len(kinds) != 1:
            raise RuleError(f"{path}: rule {rule.get('id')}: exactly one of require, forbid, present, function")
        if "function" in rule and rule["function"] not in FUNCTIONS:
            raise RuleError(f"{path}: rule {rule['id']}: unknown function {rule['function']!r}")
    return rules


def check_template(template: Located, rules: Iterable[Mapping[str, Any]]) -> list[Hit]:
    hits: list[Hit] = []
    all_resources = list(resources(template))
    for rule in rules:
        wanted = set(rule.get("resources") or ())
        if "function" in rule:
            targets = [r for r in all_resources if r.type in wanted]
            hits += (Hit(rule["id"], *spot) for spot in FUNCTIONS[rule["function"]](template, targets))
            continue
        for resource in all_resources:
            if resource.type in wanted and not _skipped(rule, resource, template):
                hits += (Hit(rule["id"], _subject(resource), line) for line in _table_check(rule, resource, template))
    return sorted(set(hits), key=lambda h: (h.line, h.rule_id, h.subject))


def _subject(resource: Resource) -> str:
    return f"{resource.logical_id} ({resource.type})"


# --- the table ---------------------------------------------------------------------------------


def _scopes(rule: Mapping[str, Any], resource: Resource) -> list[tuple[Any, int]]:
    each = rule.get("each", [""])
    if isinstance(each, dict):
        each = each.get(resource.type, [])
    found: list[tuple[Any, int]] = []
    for path in each:
        found += _walk(resource.properties, path.split(".") if path else [], resource.line)
    return found


def _walk(node: Any, steps: list[str], line: int) -> list[tuple[Any, int]]:
    """The objects at `steps` below `node` (a `name[]` step enters every element of a list)."""
    if not steps:
        return [(node, line)] if isinstance(node, dict) and not no_value(node) else []
    step, rest = steps[0], steps[1:]
    if not isinstance(node, dict):
        return []
    key = step.removesuffix("[]")
    value = node.get(key, _MISSING)
    here = node.line_of(key) if isinstance(node, Located) else line
    if value is _MISSING or no_value(value):
        return []
    if step.endswith("[]"):
        items = value if isinstance(value, list) else []
        return [found for item in items for found in _walk(item, rest, getattr(item, "line", here))]
    return _walk(value, rest, here)


def _lookup(scope: Any, path: str, line: int) -> list[tuple[Any, int]]:
    """(value, line) of each property `path` names in `scope` (`A|B` alternatives, `*` every key);
    an absent property is (_MISSING, line of the nearest present ancestor)."""
    results: list[tuple[Any, int]] = []
    for alternative in path.split("|"):
        node, here = scope, line
        steps = alternative.split(".")
        for index, step in enumerate(steps):
            if step == "*" and isinstance(node, dict):
                keys = list(node)
                results += [(node[k], node.line_of(k) if isinstance(node, Located) else here) for k in keys]
                break
            if not isinstance(node, dict) or step not in node or no_value(node[step]):
                results.append((_MISSING, here))
                break
            here = node.line_of(step) if isinstance(node, Located) else here
            node = node[step]
            if index == len(steps) - 1:
                results.append((node, here))
    return results


def _table_check(rule: Mapping[str, Any], resource: Resource, template: Located) -> Iterator[int]:
    for scope, line in _scopes(rule, resource):
        if "present" in rule:
            if all(value is _MISSING for value, _ in _lookup(scope, rule["present"]["path"], line)):
                yield line
            continue
        spec = rule.get("require") or rule["forbid"]
        for value, at in _lookup(scope, spec["path"], line):
            if "require" in rule:
                if value is _MISSING or any(
                    v is not UNKNOWN and not _same(v, spec["equals"]) for v in possible_values(value, template)
                ):
                    yield at
            elif value is not _MISSING and any(
                v is not UNKNOWN and any(_same(v, bad) for bad in spec["values"])
                for v in possible_values(value, template)
            ):
                yield at


def _same(value: Any, expected: Any) -> bool:
    if isinstance(expected, bool):
        return as_bool(value) is expected
    if isinstance(expected, int):
        try:
            return int(value) == expected
        except (TypeError, ValueError):
            return False
    return isinstance(value, str) and value.lower() == str(expected).lower()


def _skipped(rule: Mapping[str, Any], resource: Resource, template: Located) -> bool:
    for condition in rule.get("skip_if") or ():
        found = _lookup(resource.properties, condition["path"], resource.line)
        present = any(value is not _MISSING for value, _ in found)
        if "present" in condition and present == bool(condition["present"]):
            return True
        if "values" in condition and any(
            value is not _MISSING
            and any(_same(v, bad) for bad in condition["values"] for v in possible_values(value, template))
            for value, _ in found
        ):
            return True
    return False


# --- checks a table cannot say -------------------------------------------------------------------

Spot = tuple[str, int] | tuple[str, int, str]
"""(subject, line), or (subject, line, the secret literal found there)."""
Check = Callable[[Located, list[Resource]], Iterator[Spot]]

_ADMIN_PORTS = (22, 3389, 5985, 5986)
_DB_PORTS = (
    1433,
    1521,
    2379,
    3306,
    5432,
    5439,
    6379,
    7000,
    7001,
    8020,
    9042,
    9160,
    9200,
    9300,
    11211,
    27017,
    27018,
    50070,
)
_ANYWHERE = ("0.0.0.0/0", "::/0")


def _ingress_rules(targets: list[Resource]) -> Iterator[tuple[Resource, Mapping[str, Any], int]]:
    for resource in targets:
        if resource.type == "AWS::EC2::SecurityGroupIngress":
            yield resource, resource.properties, resource.line
            continue
        for rule in resource.properties.get("SecurityGroupIngress") or ():
            if isinstance(rule, dict):
                yield resource, rule, getattr(rule, "line", resource.line)


def _open_ports(rule: Mapping[str, Any], template: Located) -> tuple[int, int] | None:
    """The port range a rule opens to the internet, or None (not from anywhere, or unknown)."""
    sources = [v for key in ("CidrIp", "CidrIpv6") for v in possible_values(rule.get(key), template)]
    if not any(isinstance(s, str) and s.strip() in _ANYWHERE for s in sources):
        return None
    protocols = possible_values(rule.get("IpProtocol"), template)
    if any(str(p).lower() in ("-1", "all") for p in protocols if p is not UNKNOWN):
        return 0, 65535
    if not any(str(p).lower() in ("tcp", "6", "udp", "17") for p in protocols if p is not UNKNOWN):
        return None
    try:
        low, high = int(rule.get("FromPort", 0)), int(rule.get("ToPort", 65535))
    except (TypeError, ValueError):
        return None  # a Ref or another function: unknown
    if low == -1 or high == -1:
        return 0, 65535
    return low, high


def _sg_check(wanted: Callable[[int, int], bool]) -> Check:
    def check(template: Located, targets: list[Resource]) -> Iterator[Spot]:
        for resource, rule, line in _ingress_rules(targets):
            ports = _open_ports(rule, template)
            if ports is not None and wanted(*ports):
                yield _subject(resource), line

    return check


def _covers(ports: tuple[int, ...]) -> Callable[[int, int], bool]:
    return lambda low, high: (low, high) != (0, 65535) and any(low <= p <= high for p in ports)


def _statements(document: Any) -> Iterator[Mapping[str, Any]]:
    if not isinstance(document, dict):
        return
    statements = document.get("Statement")
    for statement in statements if isinstance(statements, list) else [statements]:
        if isinstance(statement, dict) and str(statement.get("Effect", "")).lower() == "allow":
            yield statement


def _as_strings(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str)]


def _identity_documents(resource: Resource) -> Iterator[tuple[Any, int]]:
    properties = resource.properties
    if "PolicyDocument" in properties:
        yield properties["PolicyDocument"], properties.line_of("PolicyDocument")
    for policy in properties.get("Policies") or ():
        if isinstance(policy, dict) and "PolicyDocument" in policy:
            yield policy["PolicyDocument"], getattr(policy, "line", resource.line)


def _iam_check(bad_action: Callable[[str, list[str]], bool]) -> Check:
    def check(template: Located, targets: list[Resource]) -> Iterator[Spot]:
        for resource in targets:
            for document, line in _identity_documents(resource):
                for statement in _statements(document):
                    resources_ = _as_strings(statement.get("Resource"))
                    if any(bad_action(action, resources_) for action in _as_strings(statement.get("Action"))):
                        yield _subject(resource), getattr(statement, "line", line)
                        break

    return check


def _service_wildcard(action: str, resources_: list[str]) -> bool:
    return bool(re.fullmatch(r"[a-z0-9-]+:\*", action, re.IGNORECASE)) and "*" in resources_


_POLICY_PROPERTY = {
    "AWS::S3::BucketPolicy": "PolicyDocument",
    "AWS::SQS::QueuePolicy": "PolicyDocument",
    "AWS::SNS::TopicPolicy": "PolicyDocument",
    "AWS::KMS::Key": "KeyPolicy",
    "AWS::IAM::Role": "AssumeRolePolicyDocument",
    "AWS::ECR::Repository": "RepositoryPolicyText",
    "AWS::SecretsManager::ResourcePolicy": "ResourcePolicy",
}


def _public_principal(template: Located, targets: list[Resource]) -> Iterator[Spot]:
    for resource in targets:
        if resource.type == "AWS::Lambda::Permission":
            principal = resource.properties.get("Principal")
            unscoped = not any(k in resource.properties for k in ("SourceArn", "SourceAccount", "PrincipalOrgID"))
            if principal == "*" and unscoped:
                yield _subject(resource), resource.properties.line_of("Principal")
            continue
        key = _POLICY_PROPERTY[resource.type]
        for statement in _statements(resource.properties.get(key)):
            principal = statement.get("Principal")
            everyone = principal == "*" or (isinstance(principal, dict) and "*" in _as_strings(principal.get("AWS")))
            if everyone and not statement.get("Condition"):
                yield _subject(resource), getattr(statement, "line", resource.line)


def _refers_to(value: Any, logical_id: str) -> bool:
    """Whether `value` is `!Ref logical_id` (or names it in `!GetAtt`/`!Sub`)."""
    if isinstance(value, dict):
        if value.get("Ref") == logical_id:
            return True
        attribute = value.get("Fn::GetAtt")
        if isinstance(attribute, list) and attribute and attribute[0] == logical_id:
            return True
        return any(_refers_to(v, logical_id) for v in value.values())
    if isinstance(value, list):
        return any(_refers_to(v, logical_id) for v in value)
    return isinstance(value, str) and f"${{{logical_id}" in value


def _vpc_without_flow_logs(template: Located, targets: list[Resource]) -> Iterator[Spot]:
    flow_logs = [r for r in resources(template) if r.type == "AWS::EC2::FlowLog"]
    for vpc in targets:
        if not any(_refers_to(f.properties.get("ResourceId"), vpc.logical_id) for f in flow_logs):
            yield _subject(vpc), vpc.line


def _buckets_without_logging(template: Located, targets: list[Resource]) -> Iterator[Spot]:
    # A bucket that receives access logs does not log to itself (that would ask for an endless chain).
    destinations = [
        b.properties.get("LoggingConfiguration", {}).get("DestinationBucketName")
        for b in targets
        if isinstance(b.properties.get("LoggingConfiguration"), dict)
    ]
    for bucket in targets:
        if "LoggingConfiguration" in bucket.properties:
            continue
        if any(_refers_to(d, bucket.logical_id) for d in destinations):
            continue
        if str(bucket.properties.get("AccessControl", "")).lower() == "logdeliverywrite":
            continue
        yield _subject(bucket), bucket.line


def _lb_without_access_logs(template: Located, targets: list[Resource]) -> Iterator[Spot]:
    for lb in targets:
        if str(lb.properties.get("Type", "application")).lower() not in ("application", "network"):
            continue
        attributes = {
            a.get("Key"): a.get("Value")
            for a in lb.properties.get("LoadBalancerAttributes") or ()
            if isinstance(a, dict)
        }
        values = possible_values(attributes.get("access_logs.s3.enabled", "false"), template)
        if any(v is not UNKNOWN and as_bool(v) is not True for v in values):
            yield _subject(lb), lb.line


def _without_waf(template: Located, targets: list[Resource]) -> Iterator[Spot]:
    """Public web entry points (internet-facing application load balancers, REST API stages) that
    no WAFv2 web ACL association names: `!Ref` of an ALB is its ARN; a stage's ARN is built with
    `!Sub` naming the stage."""
    associations = [
        r.properties.get("ResourceArn") for r in resources(template) if r.type == "AWS::WAFv2::WebACLAssociation"
    ]
    for resource in targets:
        if resource.type == "AWS::ElasticLoadBalancingV2::LoadBalancer":
            kind = possible_values(resource.properties.get("Type", "application"), template)
            scheme = possible_values(resource.properties.get("Scheme", "internet-facing"), template)
            if not any(str(v).lower() == "application" for v in kind) or not any(
                str(v).lower() == "internet-facing" for v in scheme
            ):
                continue
        if not any(_refers_to(arn, resource.logical_id) for arn in associations):
            yield _subject(resource), resource.line


def _http_listeners(template: Located, targets: list[Resource]) -> Iterator[Spot]:
    for resource in targets:
        properties = resource.properties
        if resource.type == "AWS::ElasticLoadBalancing::LoadBalancer":
            for listener in properties.get("Listeners") or ():
                if isinstance(listener, dict) and str(listener.get("Protocol", "")).upper() == "HTTP":
                    yield _subject(resource), getattr(listener, "line", resource.line)
            continue
        if str(properties.get("Protocol", "")).upper() != "HTTP":
            continue
        actions = [a for a in properties.get("DefaultActions") or () if isinstance(a, dict)]
        redirects = any(
            str(a.get("Type", "")).lower() == "redirect"
            and str((a.get("RedirectConfig") or {}).get("Protocol", "")).upper() == "HTTPS"
            for a in actions
        )
        if not redirects:
            yield _subject(resource), properties.line_of("Protocol")


_SECRET_NAME = re.compile(r"(?i)(password|passwd|secret|token|api_?key|private_?key|credential)")
_NOT_SECRET_NAME = re.compile(r"(?i)(_?(arn|name|id|url|uri|path|file|length|param|parameter|ssm|secretarn)$)")
_PASSWORD_PROPERTIES = ("MasterUserPassword", "AuthToken", "Password")


def _literal_secret(value: Any) -> bool:
    """A literal (not a Ref, a dynamic reference or empty) that could be a secret."""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return False
    text = str(value).strip()
    return len(text) >= 4 and "{{resolve:" not in text


def _secret_parameter_defaults(template: Located, targets: list[Resource]) -> Iterator[Spot]:
    parameters = template.get("Parameters")
    if not isinstance(parameters, Located):
        return
    for name, parameter in parameters.items():
        if not isinstance(parameter, dict) or not _SECRET_NAME.search(name) or _NOT_SECRET_NAME.search(name):
            continue
        if _literal_secret(parameter.get("Default")) and str(parameter.get("Type", "String")).startswith("String"):
            yield name, parameters.line_of(name), str(parameter["Default"])


def _secret_properties(template: Located, targets: list[Resource]) -> Iterator[Spot]:
    for resource in targets:
        properties = resource.properties
        for key in _PASSWORD_PROPERTIES:
            if _literal_secret(properties.get(key)):
                yield _subject(resource), properties.line_of(key), str(properties[key])
        variables = (
            (properties.get("Environment") or {}).get("Variables")
            if isinstance(properties.get("Environment"), dict)
            else None
        )
        if isinstance(variables, Located):
            for name, value in variables.items():
                if _SECRET_NAME.search(name) and not _NOT_SECRET_NAME.search(name) and _literal_secret(value):
                    yield _subject(resource), variables.line_of(name), str(value)
        for container in properties.get("ContainerDefinitions") or ():
            for entry in (container.get("Environment") or ()) if isinstance(container, dict) else ():
                if not isinstance(entry, dict):
                    continue
                name = str(entry.get("Name", ""))
                if (
                    _SECRET_NAME.search(name)
                    and not _NOT_SECRET_NAME.search(name)
                    and _literal_secret(entry.get("Value"))
                ):
                    yield _subject(resource), getattr(entry, "line", resource.line), str(entry["Value"])


FUNCTIONS: dict[str, Check] = {
    "sg_admin_ports": _sg_check(_covers(_ADMIN_PORTS)),
    "sg_db_ports": _sg_check(_covers(_DB_PORTS)),
    "sg_all_ports": _sg_check(lambda low, high: (low, high) == (0, 65535)),
    "iam_wildcard_action": _iam_check(lambda action, _resources: action == "*"),
    "iam_service_wildcard": _iam_check(_service_wildcard),
    "public_principal": _public_principal,
    "vpc_without_flow_logs": _vpc_without_flow_logs,
    "buckets_without_logging": _buckets_without_logging,
    "lb_without_access_logs": _lb_without_access_logs,
    "http_listeners": _http_listeners,
    "without_waf": _without_waf,
    "secret_parameter_defaults": _secret_parameter_defaults,
    "secret_properties": _secret_properties,
}
