handbookSearchLoaded("terms/ev",{"every":[7,1]});
