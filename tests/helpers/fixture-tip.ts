/** A valid tip for the fixture library in tests/fixtures/config, with some fields changed. */
export function fixtureTip(fields: Record<string, unknown> = {}) {
  return {
    id: 'extra-tip',
    title: '示范活动要公开',
    body: '示范法第二条要求示范活动遵循公开、公平、公正的原则，任何人不得妨碍。',
    law: '示范法',
    article: '第二条',
    themes: ['宪法'],
    validFrom: '2024-03-01',
    ...fields,
  }
}
