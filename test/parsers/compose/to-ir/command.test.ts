import { describe, expect, it } from 'vitest';
import { container, convert, expectNotReported, expectReported } from './support.js';

/** command string → [argv ECS gets, whether the shell-operator warning is raised]. */
const table: [string, string[], boolean][] = [
  ['bundle exec thin -p 3000', ['bundle', 'exec', 'thin', '-p', '3000'], false],
  [`sh -c 'echo a && echo b'`, ['sh', '-c', 'echo a && echo b'], false],
  ['npm run migrate && npm start', ['npm', 'run', 'migrate'], true],
  ['echo a; echo b', ['echo', 'a'], true],
  ['echo a | grep a', ['echo', 'a'], true],
  ['python -c "print(1)" > out.txt', ['python', '-c', 'print(1)'], true],
  ['2>&1 foo', [], true],
  ['node app.js --x ""', ['node', 'app.js', '--x', ''], false],
  [`echo 'a\\nb'`, ['echo', 'a\\nb'], false],
  ['echo "a\\nb"', ['echo', 'anb'], false],
  ['echo a#b # c', ['echo', 'a#b', '#', 'c'], false],
  // `$$(…)` in a file reaches the splitter as `$(…)` (interpolation is not run here).
  ['echo $(cat a | wc -l) done', ['echo', '$(cat a | wc -l)', 'done'], false],
  ['echo `date +%s` done', ['echo', '`date +%s`', 'done'], false],
  ['echo `a "b` c', ['echo', '`a "b`', 'c'], false],
];

describe('command strings are split the way Compose splits them', () => {
  for (const [text, argv, warns] of table) {
    it(text, () => {
      const { app, diagnostics } = convert(`services:\n  app:\n    image: x\n    command: ${JSON.stringify(text)}\n    entrypoint: ${JSON.stringify(text)}\n`);
      expect(container(app, 'app').command).toEqual(argv);
      expect(container(app, 'app').entryPoint).toEqual(argv);
      if (warns) {
        expectReported(diagnostics, [
          ['compose/shell-operators-in-command', 'services.app.command'],
          ['compose/shell-operators-in-command', 'services.app.entrypoint'],
        ]);
      } else expectNotReported(diagnostics, 'compose/shell-operators-in-command');
    });
  }

  it('a trailing backslash or a bare ")" cannot be split, as in Compose', () => {
    for (const text of ['echo a\\', 'echo a) b']) {
      const { app, diagnostics } = convert(`services:\n  app:\n    image: x\n    command: ${JSON.stringify(text)}\n`);
      expect(container(app, 'app').command).toBeUndefined();
      expectReported(diagnostics, [['compose/invalid-value', 'services.app.command']]);
    }
  });

  it('a file-descriptor redirection is dropped whole', () => {
    const { diagnostics } = convert('services:\n  app:\n    image: x\n    command: run --it 2>&1\n');
    expect(diagnostics.find((x) => x.rule === 'compose/shell-operators-in-command')?.message).toContain('drops `2>&1`');
  });

  it('the warning says what runs and what is dropped, and suggests sh -c', () => {
    const { diagnostics } = convert('services:\n  app:\n    image: x\n    command: npm run migrate && npm start\n');
    const d = diagnostics.find((x) => x.rule === 'compose/shell-operators-in-command');
    expect(d?.message).toContain('runs only `npm run migrate`');
    expect(d?.message).toContain('drops `&& npm start`');
    expect(d?.hint).toContain('["sh", "-c", "npm run migrate && npm start"]');
    expect(d?.origin).toMatchObject({ line: 4, column: 14 });
  });

  it('lists are kept as they are (numbers stringified), null means the image default, [] clears it', () => {
    const { app } = convert('services:\n  a:\n    image: x\n    command: ["sleep", 3600, "&&", "x"]\n  b:\n    image: x\n    command: null\n    entrypoint: []\n');
    expect(container(app, 'a').command).toEqual(['sleep', '3600', '&&', 'x']);
    expect(container(app, 'b').command).toBeUndefined();
    expect(container(app, 'b').entryPoint).toEqual([]);
  });

  it('an unsplittable string is an error', () => {
    for (const bad of ['echo (x)', 'echo "unclosed']) {
      const { app, diagnostics } = convert(`services:\n  app:\n    image: x\n    command: ${JSON.stringify(bad)}\n`);
      expectReported(diagnostics, [['compose/invalid-value', 'services.app.command']]);
      expect(container(app, 'app').command).toBeUndefined();
    }
  });

  it('a mapping or a non-string item is an error', () => {
    const { diagnostics } = convert('services:\n  app:\n    image: x\n    command: {a: 1}\n    entrypoint: ["a", [b]]\n');
    expectReported(diagnostics, [
      ['compose/invalid-value', 'services.app.command'],
      ['compose/invalid-value', 'services.app.entrypoint[1]'],
    ]);
  });
});
