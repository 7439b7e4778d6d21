import { cookies } from 'next/headers'

export const dynamic = 'force-dynamic'

export default async function Cart() {
  const cart = (await cookies()).get('cart')?.value ?? '[]'
  return <pre>{cart}</pre>
}
