export async function POST(req: Request, { params }: { params: Promise<{ provider: string }> }) {
  const { provider } = await params
  const signature = req.headers.get(`x-${provider}-signature`)
  if (!signature) return new Response('missing signature', { status: 401 })
  return new Response(null, { status: 202 })
}
