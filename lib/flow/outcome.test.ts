import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeOutcome, isMetaMessageOrigin, parseEmbeddedSignupMessage, parseRedirect, type FlowOutcome } from './outcome';
import { FlowOutcomeSchema } from './outcome-schema';

const CB = 'https://app.example.com/reconnect/callback';

describe('parseRedirect', () => {
  it('records that a code came back, never its value', () => {
    const outcome = parseRedirect(`${CB}?code=AQBx-secret-code-value_123&state=s1#_=_`);
    expect(outcome).toEqual({ kind: 'redirect-code', statePresent: true, grantedScopes: null, deniedScopes: null });
  });

  it('reads Meta’s cancel redirect with every documented field', () => {
    const outcome = parseRedirect(`${CB}?error=access_denied&error_code=200&error_description=Permissions+error&error_reason=user_denied&state=XYZ#_=_`);
    expect(outcome).toEqual({ kind: 'redirect-error', error: 'access_denied', reason: 'user_denied', description: 'Permissions error', code: '200', grantedScopes: null, deniedScopes: null });
  });

  it('keeps granted and denied scopes as permission names only', () => {
    const outcome = parseRedirect(`${CB}?code=x&granted_scopes=whatsapp_business_management,public_profile&denied_scopes=whatsapp_business_messaging,%3Cscript%3E`);
    expect(outcome).toMatchObject({ grantedScopes: ['whatsapp_business_management', 'public_profile'], deniedScopes: ['whatsapp_business_messaging'] });
  });

  it.each([
    ['no query', CB],
    ['an empty code', `${CB}?code=&state=x`],
    ['only a state', `${CB}?state=x`],
    ['not a URL', 'not a url'],
  ])('is null for %s', (_name, href) => {
    expect(parseRedirect(href)).toBeNull();
  });

  it('drops an error word that is not a plain token, and clips the description', () => {
    expect(parseRedirect(`${CB}?error=%3Cb%3E`)).toBeNull();
    const long = parseRedirect(`${CB}?error=server_error&error_description=${'x'.repeat(2000)}`);
    expect(long?.kind === 'redirect-error' && long.description?.length).toBe(500);
  });

  it('never lets any part of the code reach the outcome (property)', () => {
    const code = fc.stringMatching(/^[A-Za-z0-9_-]{24,300}$/);
    fc.assert(
      fc.property(code, fc.boolean(), fc.constantFrom('', '&error=access_denied&error_reason=user_denied', '&granted_scopes=whatsapp_business_management'), (value, withState, extra) => {
        const outcome = parseRedirect(`${CB}?code=${value}${withState ? '&state=abc' : ''}${extra}`);
        expect(outcome).not.toBeNull();
        const json = JSON.stringify(outcome);
        for (let i = 0; i + 8 <= value.length; i += 1) expect(json).not.toContain(value.slice(i, i + 8));
        expect(FlowOutcomeSchema.safeParse(outcome).success).toBe(true);
      }),
    );
  });
});

describe('isMetaMessageOrigin', () => {
  it.each(['https://www.facebook.com', 'https://web.facebook.com', 'https://staticxx.facebook.com', 'https://facebook.com', 'https://business.facebook.com', 'https://m.facebook.com'])('accepts %s', (origin) => {
    expect(isMetaMessageOrigin(origin)).toBe(true);
  });

  it.each([
    'https://evilfacebook.com',
    'https://facebook.com.evil.test',
    'https://www.facebook.com.evil.test',
    'https://wwwfacebook.com',
    'http://www.facebook.com',
    'https://www.facebook.com:8443',
    'https://www.facebook.com:443/',
    'https://www.facebook.com/',
    'https://www.facebook.com.',
    'https://user@www.facebook.com',
    'https://xn--facebok-y0a.com',
    'https://www.xn--facebook-ts1b.com',
    'https://facebook.co',
    'https://facebook.com%2eevil.test',
    'null',
    '',
    'chrome-extension://abc',
    'https://-bad.facebook.com',
  ])('rejects %s', (origin) => {
    expect(isMetaMessageOrigin(origin)).toBe(false);
  });

  it('rejects non-strings', () => {
    for (const v of [null, undefined, 1, {}, ['https://www.facebook.com']]) expect(isMetaMessageOrigin(v)).toBe(false);
  });

  it('accepts no host that merely ends in the same letters (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9-]{1,20}$/), (prefix) => {
        expect(isMetaMessageOrigin(`https://${prefix}facebook.com`)).toBe(prefix === '');
        expect(isMetaMessageOrigin(`https://facebook.com.${prefix}.test`)).toBe(false);
        expect(isMetaMessageOrigin(`http://${prefix}.facebook.com`)).toBe(false);
      }),
    );
  });
});

const FB = 'https://www.facebook.com';
const es = (event: string, data: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({ type: 'WA_EMBEDDED_SIGNUP', event, data, ...extra });

describe('parseEmbeddedSignupMessage', () => {
  it.each([
    ['FINISH', 'cloud-api'],
    ['FINISH_ONLY_WABA', 'waba-only'],
    ['FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING', 'business-app'],
  ])('%s is a finish (%s), as a JSON string or an object', (event, variant) => {
    const data = { phone_number_id: '106540352242922', waba_id: '524126980791429', business_id: '2729063490586005' };
    const expected = { kind: 'es-finish', variant, wabaId: '524126980791429', phoneNumberId: '106540352242922', businessId: '2729063490586005' };
    expect(parseEmbeddedSignupMessage(FB, JSON.stringify(es(event, data)))).toEqual(expected);
    expect(parseEmbeddedSignupMessage(FB, es(event, data))).toEqual(expected);
  });

  it('CANCEL carries the step it stopped at, in words', () => {
    const outcome = parseEmbeddedSignupMessage(FB, JSON.stringify(es('CANCEL', { current_step: 'PERMISSIONS' }, { version: 3 })));
    expect(outcome).toEqual({ kind: 'es-cancel', step: 'PERMISSIONS', stepRaw: null, errorMessage: null });
    const words = describeOutcome(outcome as FlowOutcome);
    expect(words.title).toBe('You stopped at the permissions step; nothing changed');
    expect(words.paragraphs[0]).toBe('You left at the permissions step.');
    expect(words.verify).toBe(false);
  });

  it('an unknown step keeps its Meta name only when it looks like one', () => {
    expect(parseEmbeddedSignupMessage(FB, es('CANCEL', { current_step: 'NEW_STEP' }))).toMatchObject({ step: null, stepRaw: 'NEW_STEP' });
    expect(parseEmbeddedSignupMessage(FB, es('CANCEL', { current_step: '<img>' }))).toMatchObject({ step: null, stepRaw: null });
    expect(describeOutcome(parseEmbeddedSignupMessage(FB, es('CANCEL')) as FlowOutcome).title).toBe('You left Meta’s flow before the end; nothing changed');
  });

  it('ERROR and CANCEL with error_message are user-reported errors', () => {
    const data = { error_message: 'Your Facebook account is too new', error_id: '524126', session_id: 'f34b51dab5e0498', timestamp: '1746041036' };
    expect(parseEmbeddedSignupMessage(FB, es('CANCEL', data))).toEqual({ kind: 'es-error', event: 'CANCEL', errorMessage: 'Your Facebook account is too new', errorId: '524126', step: null });
    expect(parseEmbeddedSignupMessage(FB, es('ERROR', { error_message: 'x' }))).toMatchObject({ kind: 'es-error', event: 'ERROR' });
    expect(describeOutcome(parseEmbeddedSignupMessage(FB, es('ERROR', { error_message: 'Boom' })) as FlowOutcome)).toMatchObject({ tone: 'danger', verify: false });
  });

  it('ignores the same events from a look-alike origin', () => {
    for (const origin of ['https://evilfacebook.com', 'https://facebook.com.evil.test', 'http://www.facebook.com', 'https://www.facebook.com:444']) {
      expect(parseEmbeddedSignupMessage(origin, es('FINISH'))).toBeNull();
    }
  });

  it.each([
    ['another message type', { type: 'OTHER', event: 'FINISH' }],
    ['no event', { type: 'WA_EMBEDDED_SIGNUP' }],
    ['a progress event', es('PROGRESS')],
    ['an unknown event', es('FINISHED')],
    ['bad JSON', '{"type":"WA_EMBEDDED_SIGNUP",'],
    ['a JSON array', '["WA_EMBEDDED_SIGNUP"]'],
    ['a number', 42],
    ['null', null],
    ['a huge string', `{"type":"WA_EMBEDDED_SIGNUP","event":"FINISH","x":"${'a'.repeat(70_000)}"}`],
  ])('ignores %s', (_name, data) => {
    expect(parseEmbeddedSignupMessage(FB, data)).toBeNull();
  });

  it('survives a hostile getter', () => {
    const data = { type: 'WA_EMBEDDED_SIGNUP', get event(): string { throw new Error('gotcha'); } };
    expect(parseEmbeddedSignupMessage(FB, data)).toBeNull();
  });

  it('keeps ids only when they are Meta ids', () => {
    expect(parseEmbeddedSignupMessage(FB, es('FINISH', { waba_id: '12x', phone_number_id: 7, business_id: { a: 1 } }))).toMatchObject({ wabaId: null, phoneNumberId: '7', businessId: null });
  });

  it('never throws, and whatever it returns validates (property)', () => {
    const payload = fc.oneof(
      fc.anything(),
      fc.record({ type: fc.constantFrom('WA_EMBEDDED_SIGNUP', 'x'), event: fc.oneof(fc.string(), fc.constantFrom('FINISH', 'CANCEL', 'ERROR', 'FINISH_ONLY_WABA')), data: fc.anything() }),
    );
    fc.assert(
      fc.property(fc.oneof(fc.constant(FB), fc.string()), payload, fc.boolean(), (origin, data, asJson) => {
        let input: unknown = data;
        if (asJson) {
          try {
            input = JSON.stringify(data);
          } catch {
            input = data;
          }
        }
        const outcome = parseEmbeddedSignupMessage(origin, input);
        if (outcome !== null) expect(FlowOutcomeSchema.safeParse(outcome).success).toBe(true);
      }),
    );
  });
});

describe('describeOutcome', () => {
  it('explains access_denied, including Meta’s Development-mode case', () => {
    const words = describeOutcome(parseRedirect(`${CB}?error=access_denied&error_reason=user_denied&error_description=Permissions+error&error_code=200`) as FlowOutcome);
    expect(words.title).toBe('Meta says the request was declined; nothing changed');
    expect(words.paragraphs.join(' ')).toMatch(/access_denied, user_denied, code 200/);
    expect(words.paragraphs.join(' ')).toMatch(/Development mode/);
    expect(words.verify).toBe(false);
  });

  it('asks for verification after a code or a finish, never after a cancel or an error', () => {
    const verify = (o: FlowOutcome) => describeOutcome(o).verify;
    expect(verify({ kind: 'redirect-code', statePresent: true, grantedScopes: null, deniedScopes: null })).toBe(true);
    expect(verify({ kind: 'es-finish', variant: 'cloud-api', wabaId: null, phoneNumberId: null, businessId: null })).toBe(true);
    expect(verify({ kind: 'redirect-error', error: 'server_error', reason: null, description: null, code: null, grantedScopes: null, deniedScopes: null })).toBe(false);
    expect(verify({ kind: 'es-cancel', step: 'PHONE_NUMBER_SETUP', stepRaw: null, errorMessage: null })).toBe(false);
  });

  it('says when the extension could not see how the flow ended', () => {
    expect(describeOutcome({ kind: 'none', why: 'not-allowed' })).toMatchObject({ tone: 'unknown', title: 'The extension could not see how the flow ended', verify: true });
    expect(describeOutcome({ kind: 'none', why: 'not-allowed' }).paragraphs[0]).toMatch(/not allowed on the product’s page/);
  });
});

describe('FlowOutcomeSchema', () => {
  it('refuses an outcome carrying anything more (a code value, say)', () => {
    expect(FlowOutcomeSchema.safeParse({ kind: 'redirect-code', statePresent: true, grantedScopes: null, deniedScopes: null, code: 'AQB' }).success).toBe(false);
  });
});
