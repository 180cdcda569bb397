// A turn's activity and its one-shot verdict, from the labels of its responses in order.
import { describe, expect, it } from 'vitest';
import { judgeTurn, type TurnStep } from '../../core/activity.js';

const step = (tools: string | null, actions: string | null = null, topic: string | null = null): TurnStep => ({ tools, actions, topic });

describe('judgeTurn: activities', () => {
  it.each<[string, TurnStep[], string]>([
    ['edits on a bug fix', [step('Edit', 'edit:a', 'debugging')], 'Debugging'],
    ['edits on a refactor', [step('Edit', 'edit:a', 'refactoring')], 'Refactoring'],
    ['edits on testing', [step('Write', 'edit:t', 'testing')], 'Testing'],
    ['edits on a feature', [step('Write', 'edit:n', 'feature')], 'Feature Dev'],
    ['edits without a topic', [step('Edit', 'edit:a')], 'Coding'],
    ['an edit tool whose file was not labelled still edits', [step('Edit')], 'Coding'],
    ['a subagent asked', [step('Task')], 'Delegation'],
    ['a plan written', [step('TodoWrite', null, 'feature')], 'Planning'],
    ['planning words, no tool', [step(null, null, 'planning')], 'Planning'],
    ['git commands', [step('Bash', 'run:git')], 'Git Ops'],
    ['a build', [step('Bash', 'run:npm,check:build')], 'Build/Deploy'],
    ['a deploy program', [step('Bash', 'run:kubectl')], 'Build/Deploy'],
    ['tests run', [step('Bash', 'run:pytest,check:test')], 'Testing'],
    ['reading', [step('Read', 'read:a'), step('Grep')], 'Exploration'],
    ['reading commands', [step('Bash', 'run:cat,run:grep')], 'Exploration'],
    ['a bug looked into, nothing edited', [step('Bash', 'run:other', 'debugging')], 'Debugging'],
    ['ideas, no tool', [step(null, null, 'brainstorming')], 'Brainstorming'],
    ['small talk', [step(null, null, 'conversation')], 'Conversation'],
    ['no tool, no topic', [step(null)], 'Conversation'],
    ['a tool of no kind', [step('AskUserQuestion')], 'General'],
    ['an unknown program, no topic', [step('Bash', 'run:other')], 'General'],
  ])('%s → %s', (_name, steps, activity) => {
    expect(judgeTurn(steps).activity).toBe(activity);
  });

  it('responses whose prompt was not seen are never small talk', () => {
    expect(judgeTurn([step(null)], false).activity).toBe('General');
    expect(judgeTurn([step('Read')], false).activity).toBe('Exploration');
  });

  it('an edit outranks every other sign: a turn that delegates and then edits is coding work', () => {
    expect(judgeTurn([step('Task'), step('Edit', 'edit:a')]).activity).toBe('Coding');
  });
});

describe('judgeTurn: one-shot', () => {
  it.each<[string, TurnStep[], boolean, boolean]>([
    ['an edit, a test, done', [step('Edit', 'edit:a'), step('Bash', 'run:npm,check:test')], true, false],
    ['edit, test, the same file again: a retry', [step('Edit', 'edit:a'), step('Bash', 'check:test'), step('Edit', 'edit:a')], true, true],
    ['edit, run, edit again: a retry', [step('Edit', 'edit:a'), step('Bash', 'check:run'), step('Edit', 'edit:a')], true, true],
    ['edit and test in one response, then the file again', [step('Edit,Bash', 'edit:a,check:test'), step('Edit', 'edit:a')], true, true],
    ['edit, test, another file: no retry', [step('Edit', 'edit:a'), step('Bash', 'check:build'), step('Edit', 'edit:b')], true, false],
    ['edit twice with no check between: no retry', [step('Edit', 'edit:a'), step('Edit', 'edit:a'), step('Bash', 'check:test')], true, false],
    ['edit, read it back, edit: reading is no check', [step('Edit', 'edit:a'), step('Bash', 'run:cat'), step('Edit', 'edit:a')], true, false],
    ['a check before the first edit does not count', [step('Bash', 'check:test'), step('Edit', 'edit:a'), step('Edit', 'edit:a')], true, false],
    ['no edit at all', [step('Read', 'read:a'), step('Bash', 'check:test')], false, false],
  ])('%s', (_name, steps, edits, retried) => {
    expect(judgeTurn(steps)).toMatchObject({ edits, retried });
  });
});
