/**
 * Brazilian Portuguese rule pack (pt-BR; also used for other pt-* UIs, the closest we have). No source
 * quotes Portuguese dialog strings, so every text here is inferred: our translation of the English
 * string in Meta's pt-BR vocabulary ("portfólio empresarial", "Controle total", "Acesso parcial", and
 * "Configurações do negócio > Apps conectados" from docs/meta-platform.md §7), to be confirmed against a live UI.
 */
import { ARIA_RULES } from './aria';
import type { RulePack } from './types';
import { MANAGEMENT_SCOPE, MESSAGING_SCOPE } from '../../meta/whatsapp-scopes';

export const ptBR: RulePack = {
  locale: 'pt-BR',
  version: 1,
  langs: ['pt'],
  aria: ARIA_RULES,
  // Same anchors as en.ts (docs/meta-platform.md §2.2): the title with the app name, the re-establish sentence, and
  // the link that reopens the asset picker ("Continue" silently re-applies the old selection).
  reconnect: {
    titles: ['Reconectar-se ao {app}?', 'Reconectar ao {app}?', 'Reconectar-se a {app}?', 'Reconectar a {app}?', 'Conectar-se novamente ao {app}?'],
    body: ['Isso restabelecerá suas configurações anteriores para esta conexão.', 'Isso vai restabelecer suas configurações anteriores para esta conexão.'],
    editPrevious: ['Editar configurações anteriores', 'Editar as configurações anteriores'],
  },
  // The portfolio step: its title, the older "Business portfolio" field label, and the reason texts
  // printed under a greyed portfolio (not an admin of it / it owns the app; docs/meta-platform.md §2.2).
  businessSelection: {
    titles: ['Selecione um portfólio empresarial', 'Escolha um portfólio empresarial', 'Selecione seu portfólio empresarial'],
    fieldLabels: ['Portfólio empresarial'],
    unavailable: ['Este portfólio empresarial é proprietário do {app}', 'Este portfólio empresarial é proprietário de {app}', 'Você precisa de controle total deste portfólio empresarial'],
  },
  // The WABA step: title, the two mode radios' labels (matched as prefixes: a description may follow),
  // the "N selected" counter ({n} captured) and bulk toggles that are not WABAs.
  wabaSelection: {
    titles: ['Escolha as contas do WhatsApp que você deseja que {app} acesse', 'Escolha as contas do WhatsApp que você quer que o {app} acesse', 'Escolha uma conta do WhatsApp Business'],
    modeAll: ['Aceitar todas as contas do WhatsApp atuais e futuras', 'Ativar todas as contas do WhatsApp atuais e futuras', 'Incluir todas as contas do WhatsApp atuais e futuras'],
    modeSelected: ['Aceitar somente as contas do WhatsApp atuais', 'Aceitar apenas as contas do WhatsApp atuais', 'Ativar apenas as contas do WhatsApp atuais', 'Incluir apenas as contas do WhatsApp atuais'],
    counter: ['{n} ativo selecionado', '{n} ativos selecionados', '{n} selecionado', '{n} selecionados', '{n} conta do WhatsApp selecionada', '{n} contas do WhatsApp selecionadas'],
    nonAssetControls: ['Selecionar tudo', 'Selecionar todos', 'Desmarcar tudo', 'Desmarcar todos'],
  },
  // The review step: title, each WhatsApp permission's label (label → scope is inferred, docs/meta-platform.md §2.2),
  // and status words that only count as whole lines inside a permission's own row.
  permissionsReview: {
    titles: ['Revise a solicitação de acesso de {app}', 'Revise a solicitação de acesso do {app}', 'Analise a solicitação de acesso do {app}'],
    scopes: [
      { scope: MANAGEMENT_SCOPE, labels: ['Gerenciar suas contas do WhatsApp', 'Gerenciar as suas contas do WhatsApp'] },
      { scope: MESSAGING_SCOPE, labels: ['Gerenciar e acessar conversas no WhatsApp', 'Gerenciar e acessar as conversas no WhatsApp'] },
    ],
    stateOn: ['Ativado', 'Permitido', 'Concedido'],
    stateOff: ['Desativado', 'Não permitido', 'Não concedido', 'Recusado'],
  },
  // The completion sentence; the Finish button only ever counts as a second anchor.
  success: {
    texts: ['{name} foi conectado ao {app}', '{name} foi conectada ao {app}', '{name} foi conectado a {app}', 'Você conectou o {app}'],
    finish: ['Concluir', 'Finalizar'],
  },
  // The same rule ids as en.ts (a schema test enforces it), so a support person sees one vocabulary.
  alerts: [
    { kind: 'not-admin', rule: 'admin-permission-required', blocking: true, texts: ['Permissão de administrador necessária', 'É necessária permissão de administrador'] },
    { kind: 'not-admin', rule: 'no-permission-to-edit', blocking: true, texts: ['Você não tem permissão para editar essas configurações'] },
    { kind: 'not-admin', rule: 'cannot-create-waba', blocking: true, texts: ['O usuário não tem permissão para criar contas do WhatsApp Business'] },
    { kind: 'portfolio-unavailable', rule: 'portfolio-owns-app', blocking: false, texts: ['Este portfólio empresarial é proprietário do {app}', 'Este portfólio empresarial é proprietário de {app}'] },
    { kind: 'cannot-onboard', rule: 'cannot-onboard-customers', blocking: true, texts: ['{business} não pode integrar clientes no momento'] },
    { kind: 'business-unverifiable', rule: 'cannot-verify-business', blocking: true, texts: ['Não é possível verificar a conta empresarial da Meta que você selecionou'] },
    { kind: 'limit-reached', rule: 'business-limit', blocking: true, texts: ['Você atingiu o limite de empresas que pode criar no momento'] },
    { kind: 'account-too-new', rule: 'account-too-new', blocking: true, texts: ['Sua conta do Facebook é muito nova para criar uma conta empresarial'] },
    { kind: 'config-invalid', rule: 'config-id-invalid', blocking: true, texts: ['A identificação da configuração é inválida', 'Config ID is invalid'] },
    { kind: 'generic-error', rule: 'something-went-wrong', blocking: true, texts: ['Algo deu errado', 'Ocorreu um erro'] },
  ],
  // How an asset id is printed beside its name; only digits are captured.
  idLabels: ['Identificação: {id}', 'ID: {id}', 'ID {id}', 'Identificação da conta: {id}', 'Identificação da conta do WhatsApp Business: {id}', 'Identificação do portfólio empresarial: {id}'],
  // People page: title, access column header, the "you" marker, and access levels as whole lines.
  people: {
    titles: ['Pessoas'],
    columnHeaders: ['Acesso ao portfólio empresarial'],
    self: ['Você', '(Você)'],
    fullControl: ['Controle total', 'Controle total (Tudo)', 'Acesso de administrador', 'Administrador'],
    partialAccess: ['Acesso parcial', 'Acesso parcial (Básico)', 'Acesso parcial (Apps e integrações)', 'Acesso de funcionário', 'Funcionário', 'Básico', 'Desenvolvedor'],
  },
  // Accounts > WhatsApp accounts page title (docs/meta-platform.md §7).
  wabaPage: {
    titles: ['Contas do WhatsApp', 'Contas do WhatsApp Business'],
  },
};
