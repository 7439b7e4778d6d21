type Ctx = { params: Promise<{ id: string }> }

export async function GET(_req: Request, { params }: Ctx) {
  return Response.json({ id: (await params).id })
}

async function update(req: Request, { params }: Ctx) {
  return Response.json({ id: (await params).id, ...(await req.json()) })
}

export { update as PUT, update as PATCH }

export async function DELETE() {
  return new Response(null, { status: 204 })
}
