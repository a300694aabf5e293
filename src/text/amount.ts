/**
 * Made once at load: the first toLocaleString of a process sets up ICU's number formatting,
 * which cost the first 台账 after a start about as much as a whole warm one.
 */
const amounts = new Intl.NumberFormat('en-US')

/**
 * A count exactly, with thousands grouped (101,234), never rounded to 10.1万: the
 * 履职报告评议 checks figures such as “10万人次” against the ledger.
 */
export function formatAmount(value: number) {
  return amounts.format(value)
}
