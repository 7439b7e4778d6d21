export default async function Order({ params }: { params: Promise<{ orderId: string }> }) {
  return <h1>Order {(await params).orderId}</h1>
}
