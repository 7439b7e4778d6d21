import { cookies } from 'next/headers'

export async function GET() {
  return Response.json(JSON.parse((await cookies()).get('cart')?.value ?? '[]'))
}

export async function POST(req: Request) {
  const item = await req.json()
  return Response.json({ added: item })
}

export async function DELETE() {
  ;(await cookies()).delete('cart')
  return new Response(null, { status: 204 })
}
