/**
 * The National Provider Identifier's check digit: ten digits, the first 1 (individual) or 2
 * (organization), the last a Luhn check digit computed over "80840" (health, USA) followed by
 * the first nine digits.
 */
export function validNpi(npi: string): boolean {
  if (!/^[12]\d{9}$/.test(npi)) return false;
  const digits = `80840${npi.slice(0, 9)}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Double every other digit from the right of the 14-digit body (the check digit is position 0).
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === Number(npi[9]);
}
