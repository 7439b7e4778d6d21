export const GET = async () => Response.json([])
export const POST = async (req: Request) => Response.json(await req.json(), { status: 201 })
