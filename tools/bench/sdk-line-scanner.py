#!/usr/bin/env python3
"""A plain line scanner of the OpenHarmony SDK: the measuring stick of `pnpm bench --sdk`, not part of errcat.

It does by lines what errcat's SDK index does with the TypeScript parser: every coded @throws
(code, message with its continuation lines, file:line, the declaration's qualified name,
system-only by the last JSDoc block or an enclosing declaration), every enum with its member
values. Names come from regular expressions and a brace count, so it is cruder than errcat,
and it is not slowed down on purpose. Prints one JSON line of counts and its own time.

Usage: python3 sdk-line-scanner.py <sdk checkout holding api/ and kits/>
"""
import json
import os
import re
import sys
import time

TAG = re.compile(r'^\s*\*?\s*@(\w+)\s*(.*)$')
THROWS = re.compile(r'^(?:\{\s*[^}]*\}\s*|BusinessError\s+)?(-?\d+)(?=$|[\s\-\u2013:.,])\s*[-\u2013\u2014:]*\s*(.*)$', re.S)
SINCE = re.compile(r'\[\s*since\s*([\d.]+)\s*(?:-\s*(?:since\s*)?([\d.]+)\s*)?\]')
CONTAINER = re.compile(r'^\s*(?:export\s+)?(?:declare\s+)?(?:default\s+)?(namespace|module|interface|class|enum|struct)\s+([\w.]+)')
FUNCTION = re.compile(r'^\s*(?:export\s+)?(?:declare\s+)?function\s+(\w+)')
VARIABLE = re.compile(r'^\s*(?:export\s+)?(?:declare\s+)?(?:const|let|var|type)\s+(\w+)')
MEMBER = re.compile(r'^\s*(?:(?:static|readonly|get|set|public|protected|private)\s+)*(\w+)\s*[?!]?\s*[(<:=,]')
ENUM_MEMBER = re.compile(r'^\s*(\w+)\s*(?:=\s*([^,]+?))?\s*,?\s*$')
SHIFT = re.compile(r'^\(?\s*(-?\w+)\s*<<\s*(\w+)\s*\)?$')


def enum_value(text, previous):
    if text is None:
        return None if previous is None else previous + 1
    text = text.strip()
    try:
        return int(text, 0)
    except ValueError:
        pass
    shift = SHIFT.match(text)
    if shift:
        try:
            return int(shift.group(1), 0) << int(shift.group(2), 0)
        except ValueError:
            return None
    return None


def scan_file(path, shown, out):
    stack = []  # [name, system, depth, is_enum]
    depth = 0
    in_block = False
    tags = []  # [name, text, line] of the block being read
    pending = None  # tags of the last closed block, waiting for its declaration
    previous_value = -1
    with open(path, encoding='utf-8', errors='replace') as handle:
        for number, line in enumerate(handle, 1):
            if in_block:
                end = line.find('*/')
                body = line if end == -1 else line[:end]
                tag = TAG.match(body)
                if tag:
                    tags.append([tag.group(1), tag.group(2), number])
                elif tags:
                    tags[-1][1] += ' ' + body.strip().lstrip('*').strip()
                if end != -1:
                    in_block = False
                    if not any(t[0] == 'file' for t in tags):
                        pending = tags
                continue
            stripped = line.strip()
            if not stripped:
                continue
            if stripped.startswith('/**') and not stripped.startswith('/***'):
                tags = []
                rest = stripped[3:]
                end = rest.find('*/')
                tag = TAG.match(rest if end == -1 else rest[:end])
                if tag:
                    tags.append([tag.group(1), tag.group(2), number])
                if end == -1:
                    in_block = True
                elif not any(t[0] == 'file' for t in tags):
                    pending = tags
                continue
            if stripped.startswith('/*') or stripped.startswith('//') or stripped.startswith('*'):
                continue
            # A line of code: the declaration the pending block documents.
            enclosing_system = bool(stack) and stack[-1][1]
            in_enum = bool(stack) and stack[-1][3]
            container = CONTAINER.match(line)
            name = None
            if container:
                name = container.group(2)
            else:
                match = FUNCTION.match(line) or VARIABLE.match(line) or MEMBER.match(line)
                if match:
                    name = match.group(1)
            system = enclosing_system
            if pending is not None:
                names = [t[0] for t in pending]
                if 'systemapi' in names and not any(t[0] == 'publicapi' and t[1].startswith('[') for t in pending):
                    system = True
                api = '.'.join([s[0] for s in stack] + ([name] if name else []))
                for tag_name, text, tag_line in pending:
                    if tag_name != 'throws':
                        continue
                    thrown = THROWS.match(text.strip())
                    if not thrown:
                        continue
                    message = SINCE.sub(' ', thrown.group(2)).replace('<br>', ' ')
                    out['throws'].append((int(thrown.group(1)), ' '.join(message.split()), shown, tag_line, api, system))
                pending = None
            if in_enum and not container:
                member = ENUM_MEMBER.match(stripped.split('//')[0])
                if member:
                    previous_value = enum_value(member.group(2), previous_value)
                    out['members'] += 1
            opens = line.count('{')
            closes = line.count('}')
            if container and opens > closes:
                is_enum = container.group(1) == 'enum'
                if is_enum:
                    out['enums'] += 1
                    previous_value = -1
                stack.append([name, system, depth + 1, is_enum])
            depth += opens - closes
            while stack and stack[-1][2] > depth:
                stack.pop()


def main():
    root = sys.argv[1]
    started = time.time()
    out = {'throws': [], 'enums': 0, 'members': 0}
    files = 0
    for base in ('api', 'kits'):
        for folder, dirs, names in os.walk(os.path.join(root, base)):
            dirs.sort()
            for name in sorted(names):
                if name.endswith('.d.ts') or name.endswith('.d.ets'):
                    path = os.path.join(folder, name)
                    scan_file(path, os.path.relpath(path, root), out)
                    files += 1
    throws = out['throws']
    print(json.dumps({
        'files': files,
        'throws': len(throws),
        'systemOnly': sum(1 for t in throws if t[5]),
        'codes': len({t[0] for t in throws}),
        'enums': out['enums'],
        'members': out['members'],
        'seconds': round(time.time() - started, 3),
    }))


if __name__ == '__main__':
    main()
