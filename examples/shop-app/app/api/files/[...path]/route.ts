export async function GET(_req: Request, { params }: { params: Promise<{ path: string[] }> }) {
  return new Response((await params).path.join('/'))
}

export async function HEAD() {
  return new Response(null, { headers: { 'content-length': '0' } })
}

export async function PUT(req: Request) {
  return new Response(await req.arrayBuffer(), { status: 201 })
}
