// The labels a shell command and a prompt are reduced to at scan time: a fixed list of
// programs (anything else is other), the check a command makes, and a prompt's topic.
import { describe, expect, it } from 'vitest';
import { commandLabels, promptTopic } from '../../sources/labels.js';

describe('commandLabels', () => {
  it.each([
    ['npm test', ['run:npm', 'check:test']],
    ['npm run test:unit -- --watch=false', ['run:npm', 'check:test']],
    ['pnpm run build', ['run:pnpm', 'check:build']],
    ['npx vitest run test/a.test.ts', ['run:npx', 'check:test']],
    ['npx tsc --noEmit', ['run:npx', 'check:build']],
    ['cd /srv/app && cargo test -p core', ['run:cd', 'run:cargo', 'check:test']],
    ['go build ./... && go vet ./...', ['run:go', 'check:build']],
    ['CI=1 FOO=bar pytest -q tests/', ['run:pytest', 'check:test']],
    ['python -m pytest -x', ['run:python', 'check:test']],
    ['python3 scripts/gen.py', ['run:python3', 'check:run']],
    ['sudo timeout 30 make', ['run:make', 'check:build']],
    ['make test', ['run:make', 'check:test']],
    ['/usr/local/bin/node server.js', ['run:node', 'check:run']],
    ['./bin/dev --port 3000', ['run:other', 'check:run']],
    ['cat README.md | grep -n foo | head -5', ['run:cat', 'run:grep', 'run:head']],
    ['git status; git diff --stat', ['run:git']],
    ['git add -A && git commit -m "fix: things"', ['run:git']],
    ['docker build -t app . && kubectl apply -f k8s.yaml', ['run:docker', 'check:build', 'run:kubectl']],
    ['mix test', ['run:mix', 'check:test']],
    ['frobnicate --all', ['run:other']],
    ['', []],
    ['   ', []],
  ])('%j → %j', (command, labels) => {
    expect(commandLabels(command)).toEqual(labels);
  });

  it('never returns a word of the command that is not on the list', () => {
    const labels = commandLabels('secret-tool-7f3a --token=abc && ./deploy-secret.sh /home/me/secret');
    expect(labels).toEqual(['run:other', 'check:run']);
    expect(labels.join()).not.toMatch(/secret|token|home/);
  });

  it('reads at most 16 KiB of a command, whatever its length', () => {
    const huge = `${'x'.repeat(20_000)} && git push`;
    expect(commandLabels(huge)).toEqual(['run:other']);
  });
});

describe('promptTopic', () => {
  it.each([
    ['Fix the crash when the file is empty', 'debugging'],
    ['The build fails with a TypeError', 'debugging'],
    ['Refactor the store into smaller files', 'refactoring'],
    ['add tests for the parser', 'testing'],
    ['Implement an export command', 'feature'],
    ['commit and push this', 'git'],
    ['deploy to staging', 'deploy'],
    ['Plan the migration to Postgres', 'planning'],
    ['any ideas for a name?', 'brainstorming'],
    ['explain how the scanner works', 'exploration'],
    ['thanks!', 'conversation'],
    ['Behebe den Fehler beim Import', 'debugging'],
    ['Erkläre mir den Scanner', 'exploration'],
    ['update the header colour', null],
    // A long prompt that opens with "ok" asks for something else than small talk.
    ['ok so here is what I would like you to look at in some detail today please, one by one', 'exploration'],
  ])('%j → %s', (prompt, topic) => {
    expect(promptTopic(prompt)).toBe(topic);
  });

  it('takes the first topic of the list when a prompt holds several: a bug fix that adds a test is debugging', () => {
    expect(promptTopic('add a test for the bug fix')).toBe('debugging');
  });
});
