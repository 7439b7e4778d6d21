const CORS = { 'access-control-allow-origin': 'https://partner.example.com' }

export async function GET() {
  return Response.json([], { headers: CORS })
}

export async function POST(req: Request) {
  return Response.json(await req.json(), { status: 201, headers: CORS })
}

export function OPTIONS() {
  return new Response(null, { status: 204, headers: { ...CORS, 'access-control-allow-methods': 'GET, POST' } })
}
