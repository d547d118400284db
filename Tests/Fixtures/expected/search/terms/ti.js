handbookSearchLoaded("terms/ti",{"tip":[8,1]});
