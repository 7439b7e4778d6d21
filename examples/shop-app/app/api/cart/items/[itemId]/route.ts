export async function PATCH(req: Request) {
  return Response.json(await req.json())
}

export async function DELETE() {
  return new Response(null, { status: 204 })
}
