import { describe, expect, it } from 'vitest';
import { validateSettingsForm } from './settings-form';

describe('the options form', () => {
  const form = { backendUrl: 'https://api.example.test/base', accessToken: '', pollMinutes: '15', notifications: true, mutedWorkspaces: ['a', 'a'] };

  it('turns valid values into a patch (empty token keeps the saved one)', () => {
    expect(validateSettingsForm(form, [], true)).toEqual({
      patch: { backendUrl: 'https://api.example.test/base', pollMinutes: 15, notifications: true, mutedWorkspaces: ['a'] },
      errors: {},
    });
  });

  it.each([
    [{ backendUrl: '' }, 'backendUrl', /Enter the backend URL/],
    [{ backendUrl: 'not a url' }, 'backendUrl', /not a URL/],
    [{ backendUrl: 'http://api.example.test' }, 'backendUrl', /https/],
    [{ backendUrl: 'https://u:p@api.example.test' }, 'backendUrl', /not in the URL/],
    [{ accessToken: 'has space' }, 'accessToken', /spaces/],
    [{ pollMinutes: '4' }, 'pollMinutes', /5 to 60/],
    [{ pollMinutes: '7.5' }, 'pollMinutes', /whole number/],
  ] as const)('%o → an error on %s', (change, field, message) => {
    const { errors } = validateSettingsForm({ ...form, ...change }, [], true);
    expect(errors[field]).toMatch(message);
  });

  it('asks for a token when none is saved, and allows http on localhost', () => {
    expect(validateSettingsForm({ ...form, backendUrl: 'http://127.0.0.1:8787' }, [], false).errors).toEqual({ accessToken: 'Enter the access token.' });
  });

  it('leaves locked fields out of the patch', () => {
    const { patch, errors } = validateSettingsForm({ ...form, backendUrl: '' }, ['backendUrl', 'pollMinutes'], true);
    expect(errors).toEqual({});
    expect(patch).not.toHaveProperty('backendUrl');
    expect(patch).not.toHaveProperty('pollMinutes');
  });
});
